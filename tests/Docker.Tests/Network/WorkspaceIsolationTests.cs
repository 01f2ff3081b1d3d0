using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Vibe.Docker.Network;
using Vibe.Docker.Runtime;
using Vibe.Docker.Tests.Fixtures;
using Vibe.TestSupport;

namespace Vibe.Docker.Tests.Network;

/// <summary>
/// Workspace isolation against the real engine and the host's iptables. Each test installs the firewall under chain names
/// and a bridge prefix of its own (so it never touches another run's or a real installation's rules), takes subnets from a
/// pool of its own, and removes its chains, containers and networks at the end.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class WorkspaceIsolationTests(DockerFixture docker) : IAsyncLifetime
{
    private const int ApiPort = 0;

    private readonly string _id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
    private WorkspaceFirewall? _firewall;
    private DockerContainerRuntime? _runtime;

    private WorkspaceFirewall Firewall => _firewall!;

    private DockerContainerRuntime Runtime => _runtime!;

    public async Task InitializeAsync()
    {
        _runtime = NewRuntime();
        _firewall = new WorkspaceFirewall(_runtime.Options.Network);
        Assert.Null(await Firewall.EnsureAsync());
    }

    public async Task DisposeAsync()
    {
        if (_firewall is not null)
        {
            await _firewall.RemoveAsync();
        }
    }

    [Fact]
    public async Task From_a_workspace_only_the_internet_is_reachable_not_the_host_the_lan_or_other_workspaces()
    {
        using var timeout = TestTimeout.Start(120);
        await using var outside = await OutsideServer.StartAsync();
        _runtime = NewRuntime(outside.PublicAddress);
        using var api = new TcpListener(IPAddress.Any, ApiPort);
        api.Start();
        var apiPort = ((IPEndPoint)api.LocalEndpoint).Port;
        _ = ServeAsync(api, timeout.Token);

        // B serves a page on its own internal network; A has the Internet setting.
        var serving = docker.Spec(command: ["httpd", "-f", "-p", "8080", "-h", "/workspace"]) with { Network = ContainerNetworkPolicy.Internal };
        Directory.CreateDirectory(serving.WorkspaceDirectory);
        await File.WriteAllTextAsync(Path.Combine(serving.WorkspaceDirectory, "index.html"), "workspace b", timeout.Token);
        var b = await RunAsync(serving, timeout.Token);
        var a = await RunAsync(docker.Spec() with { Network = ContainerNetworkPolicy.Internet }, timeout.Token);
        var (bAddress, bGateway) = await AddressesAsync(b, timeout.Token);
        var (_, aGateway) = await AddressesAsync(a, timeout.Token);

        // The host still opens connections to a workspace (the preview proxy's path): the replies pass the firewall.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal("workspace b", await Eventually.Succeeds(() => http.GetStringAsync($"http://{bAddress}:8080/", timeout.Token), "the host reaches workspace B"));

        Assert.Equal(OutsideServer.Body, await FetchAsync(a, $"http://{outside.PublicAddress}:{OutsideServer.Port}/", timeout.Token));
        Assert.Null(await FetchAsync(a, $"http://{outside.PrivateAddress}:{OutsideServer.Port}/", timeout.Token));
        Assert.Null(await FetchAsync(a, $"http://{bAddress}:8080/", timeout.Token));
        Assert.Null(await FetchAsync(a, $"http://{aGateway}:{apiPort}/", timeout.Token));
        Assert.Null(await FetchAsync(a, $"http://{HostAddress()}:{apiPort}/", timeout.Token));
        Assert.Null(await FetchAsync(b, $"http://{bGateway}:{apiPort}/", timeout.Token));
        Assert.Null(await FetchAsync(b, $"http://{outside.PublicAddress}:{OutsideServer.Port}/", timeout.Token));

        // Names resolve on the Internet setting (Docker's embedded DNS forwards to Vibe:Workspaces:Network:DnsServers), not on Internal.
        Assert.Contains(outside.PublicAddress, await LookUpAsync(a, OutsideServer.Name, timeout.Token), StringComparison.Ordinal);
        Assert.Equal(OutsideServer.Body, await FetchAsync(a, $"http://{OutsideServer.Name}:{OutsideServer.Port}/", timeout.Token));
        Assert.DoesNotContain(outside.PublicAddress, await LookUpAsync(b, OutsideServer.Name, timeout.Token), StringComparison.Ordinal);

        // No IPv6 path around the IPv4-only firewall: the engine turns IPv6 off in containers of a network without it.
        Assert.Equal("1", (await Runtime.ExecAsync(a, ["cat", "/proc/sys/net/ipv6/conf/all/disable_ipv6"], TimeSpan.FromSeconds(30), timeout.Token)).Stdout.Trim());
    }

    [Fact]
    public async Task A_network_whose_container_was_removed_outside_Vibe_is_swept_once_past_the_grace_period()
    {
        using var timeout = TestTimeout.Start();
        var killed = await Runtime.CreateAsync(docker.Spec() with { Network = ContainerNetworkPolicy.Internet }, timeout.Token);
        var kept = await Runtime.CreateAsync(docker.Spec() with { Network = ContainerNetworkPolicy.Internal }, timeout.Token);
        var killedNetwork = await NetworkOfAsync(killed, timeout.Token);
        var keptNetwork = await NetworkOfAsync(kept, timeout.Token);
        await docker.Client.Containers.RemoveContainerAsync(killed, new() { Force = true }, timeout.Token);

        Assert.DoesNotContain(killedNetwork.Name, await Runtime.RemoveUnusedNetworksAsync(TimeSpan.FromHours(1), timeout.Token));
        await docker.Client.Networks.InspectNetworkAsync(killedNetwork.ID, timeout.Token);

        var removed = await Runtime.RemoveUnusedNetworksAsync(TimeSpan.Zero, timeout.Token);
        Assert.Contains(killedNetwork.Name, removed);
        Assert.DoesNotContain(keptNetwork.Name, removed);
        await Assert.ThrowsAsync<global::Docker.DotNet.DockerNetworkNotFoundException>(() => docker.Client.Networks.InspectNetworkAsync(killedNetwork.ID, timeout.Token));
        await docker.Client.Networks.InspectNetworkAsync(keptNetwork.ID, timeout.Token);

        await Runtime.RemoveAsync(kept, timeout.Token);
    }

    [Fact]
    public async Task Installing_the_firewall_again_changes_nothing_and_removing_it_leaves_no_trace()
    {
        Assert.Null(await Firewall.EnsureAsync());

        var forward = await HostCommand.CheckedAsync("iptables", "-S", Firewall.ForwardChain);
        Assert.Equal(1, Count(await HostCommand.CheckedAsync("iptables", "-S", "DOCKER-USER"), $"-j {Firewall.ForwardChain}"));
        Assert.Equal(1, Count(await HostCommand.CheckedAsync("iptables", "-S", "INPUT"), $"-j {Firewall.InputGuardChain}"));
        Assert.Equal(2 + Runtime.Options.Network.BlockedRanges.Count, Count(forward, $"-A {Firewall.ForwardChain} "));
        Assert.Null(await Firewall.CheckAsync());

        await Firewall.RemoveAsync();
        Assert.NotNull(await Firewall.CheckAsync());
        Assert.DoesNotContain(Firewall.ForwardChain, await HostCommand.CheckedAsync("iptables", "-S"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_networked_container_has_a_network_of_its_own_that_goes_with_it()
    {
        using var timeout = TestTimeout.Start();
        var first = await Runtime.CreateAsync(docker.Spec() with { Network = ContainerNetworkPolicy.Internal }, timeout.Token);
        var second = await Runtime.CreateAsync(docker.Spec() with { Network = ContainerNetworkPolicy.Internet }, timeout.Token);

        var firstNetwork = await NetworkOfAsync(first, timeout.Token);
        var secondNetwork = await NetworkOfAsync(second, timeout.Token);
        Assert.NotEqual(firstNetwork.ID, secondNetwork.ID);
        Assert.True(firstNetwork.Internal);
        Assert.False(firstNetwork.EnableIPv6);
        Assert.False(secondNetwork.EnableIPv6);
        Assert.False(secondNetwork.Internal);
        Assert.Equal(docker.RunId, firstNetwork.Labels![DockerFixture.RunLabel]);
        Assert.StartsWith("10.232.", firstNetwork.IPAM!.Config![0].Subnet, StringComparison.Ordinal);
        Assert.StartsWith(Runtime.Options.Network.BridgePrefix, firstNetwork.Options!["com.docker.network.bridge.name"], StringComparison.Ordinal);

        await Runtime.RemoveAsync(first, timeout.Token);
        await Assert.ThrowsAsync<global::Docker.DotNet.DockerNetworkNotFoundException>(() => docker.Client.Networks.InspectNetworkAsync(firstNetwork.ID, timeout.Token));
        await Runtime.RemoveAsync(second, timeout.Token);
        await Assert.ThrowsAsync<global::Docker.DotNet.DockerNetworkNotFoundException>(() => docker.Client.Networks.InspectNetworkAsync(secondNetwork.ID, timeout.Token));
    }

    /// <summary>A runtime with this test's bridge prefix, chains and subnet pool, and <paramref name="dnsServers"/>.</summary>
    private DockerContainerRuntime NewRuntime(params string[] dnsServers) => docker.NewRuntime(o =>
    {
        o.Network.BridgePrefix = $"vt{_id[..2]}-";
        o.Network.FirewallChain = $"VIBE-TEST-{_id}";
        o.Network.SubnetPool = "10.232.0.0/16";
        o.Network.DnsServers.AddRange(dnsServers);
    });

    /// <summary>What busybox's nslookup prints for <paramref name="name"/> inside the container, errors included.</summary>
    private async Task<string> LookUpAsync(string containerId, string name, CancellationToken cancellationToken)
    {
        var result = await Runtime.ExecAsync(containerId, ["timeout", "5", "nslookup", name], TimeSpan.FromSeconds(30), cancellationToken);
        return result.Stdout + result.Stderr;
    }

    private async Task<global::Docker.DotNet.Models.NetworkResponse> NetworkOfAsync(string containerId, CancellationToken cancellationToken)
    {
        var container = await docker.Client.Containers.InspectContainerAsync(containerId, cancellationToken);
        return await docker.Client.Networks.InspectNetworkAsync(container.HostConfig!.NetworkMode!, cancellationToken);
    }

    private async Task<string> RunAsync(ContainerSpec spec, CancellationToken cancellationToken)
    {
        var id = await Runtime.CreateAsync(spec, cancellationToken);
        await Runtime.StartAsync(id, cancellationToken);
        return id;
    }

    /// <summary>The container's address and its network's gateway (the host's side of the bridge).</summary>
    private async Task<(string Address, string Gateway)> AddressesAsync(string containerId, CancellationToken cancellationToken)
    {
        var container = await docker.Client.Containers.InspectContainerAsync(containerId, cancellationToken);
        var endpoint = Assert.Single(container.NetworkSettings!.Networks!).Value;
        var network = await docker.Client.Networks.InspectNetworkAsync(container.HostConfig!.NetworkMode!, cancellationToken);
        var gateway = string.IsNullOrEmpty(endpoint.Gateway) ? network.IPAM!.Config![0].Gateway : endpoint.Gateway;
        if (string.IsNullOrEmpty(gateway))
        {
            // An internal network's endpoints name no gateway; the bridge still holds the subnet's first address.
            gateway = FirstAddress(network.IPAM!.Config![0].Subnet!);
        }

        return (endpoint.IPAddress!, gateway);
    }

    /// <summary>The page at <paramref name="url"/> fetched from inside the container, or null when it cannot be reached.</summary>
    private async Task<string?> FetchAsync(string containerId, string url, CancellationToken cancellationToken)
    {
        var result = await Runtime.ExecAsync(containerId, ["timeout", "3", "wget", "-q", "-O", "-", url], TimeSpan.FromSeconds(30), cancellationToken);
        return result.ExitCode == 0 ? result.Stdout : null;
    }

    /// <summary>The host's own address on its main interface (not loopback, Docker's or a test's links).</summary>
    private static string HostAddress()
    {
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus != OperationalStatus.Up || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback
                || nic.Name.StartsWith("docker", StringComparison.Ordinal) || nic.Name.StartsWith("br-", StringComparison.Ordinal)
                || nic.Name.StartsWith("veth", StringComparison.Ordinal) || nic.Name.StartsWith("v", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var address in nic.GetIPProperties().UnicastAddresses)
            {
                if (address.Address.AddressFamily == AddressFamily.InterNetwork)
                {
                    return address.Address.ToString();
                }
            }
        }

        throw new InvalidOperationException("The host has no IPv4 address outside loopback and Docker's bridges.");
    }

    private static string FirstAddress(string subnet)
    {
        var bytes = IPNetwork.Parse(subnet).BaseAddress.GetAddressBytes();
        bytes[3]++;
        return new IPAddress(bytes).ToString();
    }

    private static int Count(string text, string what) =>
        text.Split('\n').Count(line => line.Contains(what, StringComparison.Ordinal));

    /// <summary>Answers every connection with a small HTTP response, standing for the Vibe API on the host.</summary>
    private static async Task ServeAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        var response = Encoding.ASCII.GetBytes("HTTP/1.0 200 OK\r\nContent-Length: 8\r\n\r\nhost api");
        try
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync(cancellationToken);
                await client.GetStream().WriteAsync(response, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The test is over.
        }
    }
}
