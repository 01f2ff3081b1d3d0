using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Vibe.TestSupport;

namespace Vibe.Docker.Tests.Network;

/// <summary>
/// A web server "outside" the host, in a network namespace of its own joined to the host by a veth pair: it answers on a
/// non-private address (198.18.N.2, the benchmarking range, routed from the host like the internet) and on a private one
/// (10.254.N.2, standing for the LAN). A DNS server on the public address answers <see cref="Name"/> with that address.
/// Everything it adds (namespace, link, server process, DNS socket) is removed on dispose.
/// </summary>
internal sealed class OutsideServer : IAsyncDisposable
{
    public const int Port = 8080;

    public const string Body = "hello from outside";

    /// <summary>The name the server's DNS server resolves to <see cref="PublicAddress"/>.</summary>
    public const string Name = "outside.vibe-test.example";

    private readonly string _namespace;
    private readonly string _hostLink;
    private readonly string _root;
    private Process? _server;
    private NamespaceDnsResponder? _dns;

    private OutsideServer(string id, int octet)
    {
        _namespace = $"vibe-test-{id}";
        _hostLink = $"vto{id}";
        _root = Directory.CreateTempSubdirectory("vibe-outside-").FullName;
        PublicAddress = $"198.18.{octet}.2";
        PrivateAddress = $"10.254.{octet}.2";
    }

    /// <summary>The server's non-private address, which workspaces with the Internet setting reach.</summary>
    public string PublicAddress { get; }

    /// <summary>The server's private address, which no workspace reaches.</summary>
    public string PrivateAddress { get; }

    public static async Task<OutsideServer> StartAsync()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var server = new OutsideServer(id, RandomNumberGenerator.GetInt32(1, 255));
        try
        {
            await server.SetUpAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task SetUpAsync()
    {
        var peer = _hostLink.Replace("vto", "vtp", StringComparison.Ordinal);
        var publicHost = PublicAddress[..^1] + "1";
        var privateHost = PrivateAddress[..^1] + "1";
        await HostCommand.CheckedAsync("ip", "netns", "add", _namespace);
        await HostCommand.CheckedAsync("ip", "link", "add", _hostLink, "type", "veth", "peer", "name", peer);
        await HostCommand.CheckedAsync("ip", "link", "set", peer, "netns", _namespace);
        await HostCommand.CheckedAsync("ip", "addr", "add", publicHost + "/30", "dev", _hostLink);
        await HostCommand.CheckedAsync("ip", "addr", "add", privateHost + "/30", "dev", _hostLink);
        await HostCommand.CheckedAsync("ip", "link", "set", _hostLink, "up");
        await HostCommand.CheckedAsync("ip", "netns", "exec", _namespace, "ip", "addr", "add", PublicAddress + "/30", "dev", peer);
        await HostCommand.CheckedAsync("ip", "netns", "exec", _namespace, "ip", "addr", "add", PrivateAddress + "/30", "dev", peer);
        await HostCommand.CheckedAsync("ip", "netns", "exec", _namespace, "ip", "link", "set", peer, "up");
        await HostCommand.CheckedAsync("ip", "netns", "exec", _namespace, "ip", "link", "set", "lo", "up");

        // Replies to the workspaces' (masqueraded) connections go back through the host.
        await HostCommand.CheckedAsync("ip", "netns", "exec", _namespace, "ip", "route", "add", "default", "via", publicHost);
        await File.WriteAllTextAsync(Path.Combine(_root, "index.html"), Body);
        _server = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", _namespace, "busybox", "httpd", "-f", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-h", _root])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await Eventually.Until(async () => (await HostCommand.RunAsync("ip", "netns", "exec", _namespace, "busybox", "wget", "-q", "-O", "-", $"http://{PublicAddress}:{Port}/")).Output == Body, "the outside server answers");
        _dns = NamespaceDnsResponder.Start(_namespace, IPAddress.Parse(PublicAddress), Name, IPAddress.Parse(PublicAddress));
    }

    public async ValueTask DisposeAsync()
    {
        if (_dns is not null)
        {
            await _dns.DisposeAsync();
        }

        if (_server is not null)
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
            _server.Dispose();
        }

        await HostCommand.RunAsync("ip", "link", "del", _hostLink);
        await HostCommand.RunAsync("ip", "netns", "del", _namespace);
        Directory.Delete(_root, recursive: true);
    }
}
