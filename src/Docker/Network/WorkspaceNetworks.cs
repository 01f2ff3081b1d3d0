using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Docker.DotNet.Models;
using Vibe.Docker.Errors;
using Vibe.Docker.Runtime;

namespace Vibe.Docker.Network;

/// <summary>
/// One bridge network per networked workspace container, so no two workspaces share a layer-2 segment: "internal" (no route
/// out) for <see cref="ContainerNetworkPolicy.Internal"/>, a plain bridge for <see cref="ContainerNetworkPolicy.Internet"/>.
/// Each takes the first subnet of <see cref="WorkspaceNetworkOptions.SubnetPool"/> that no network on the engine overlaps
/// (Docker's own default pools hold only about 30 networks) and a bridge interface named for <see cref="WorkspaceFirewall"/>.
/// </summary>
internal sealed class WorkspaceNetworks(EngineClient engine, WorkspaceNetworkOptions options, IReadOnlyDictionary<string, string> labels)
{
    private const string BridgeNameOption = "com.docker.network.bridge.name";

    // Another silo (or installation) may take the same free subnet between our listing and our create: try the next one.
    private const int CreateAttempts = 8;

    private readonly SemaphoreSlim _allocation = new(1, 1);

    /// <summary>The Linux interface of the bridge of network <paramref name="name"/>: the prefix and 10 hex digits of its hash.</summary>
    public string BridgeOf(string name) =>
        options.BridgePrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..10];

    /// <summary>Creates network <paramref name="name"/> for one container (or finds it, left by an earlier attempt); returns its name.</summary>
    public async Task<string> CreateAsync(string name, bool @internal, CancellationToken cancellationToken)
    {
        var pool = IPNetwork.Parse(options.SubnetPool);
        await _allocation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var existing = await engine.CallAsync((docker, ct) => docker.Networks.ListNetworksAsync(new NetworksListParameters(), ct), cancellationToken).ConfigureAwait(false);
                if (existing.Any(n => string.Equals(n.Name, name, StringComparison.Ordinal)))
                {
                    return name;
                }

                var taken = existing.SelectMany(static n => n.IPAM?.Config ?? []).Select(static c => c.Subnet).Where(static s => !string.IsNullOrEmpty(s))
                    .Select(static s => IPNetwork.TryParse(s, out var subnet) ? subnet : (IPNetwork?)null).OfType<IPNetwork>().ToList();
                var subnet = FreeSubnet(pool, options.SubnetPrefixLength, taken, skip: attempt)
                    ?? throw new DockerApiException(HttpStatusCode.ServiceUnavailable, $"No free /{options.SubnetPrefixLength} subnet is left in the workspace pool {options.SubnetPool}: stop or delete workspaces, or set a larger Vibe:Workspaces:Network:SubnetPool.");
                var parameters = new NetworksCreateParameters
                {
                    Name = name,
                    Driver = "bridge",
                    Internal = @internal,
                    Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal),
                    Options = new Dictionary<string, string>(StringComparer.Ordinal) { [BridgeNameOption] = BridgeOf(name) },
                    IPAM = new IPAM { Driver = "default", Config = [new IPAMConfig { Subnet = subnet.ToString() }] },
                };
                try
                {
                    await engine.CallAsync((docker, ct) => docker.Networks.CreateNetworkAsync(parameters, ct), cancellationToken).ConfigureAwait(false);
                    return name;
                }
                catch (DockerApiException overlap) when (attempt < CreateAttempts && overlap.Message.Contains("overlap", StringComparison.OrdinalIgnoreCase))
                {
                    // Taken meanwhile by someone else: list again and move on.
                }
            }
        }
        finally
        {
            _allocation.Release();
        }
    }

    /// <summary>Removes network <paramref name="name"/> if it exists and is one of this runtime's (it carries its labels).</summary>
    public async Task RemoveAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var network = await engine.CallAsync((docker, ct) => docker.Networks.InspectNetworkAsync(name, ct), cancellationToken).ConfigureAwait(false);
            if (!labels.All(l => network.Labels is { } own && own.TryGetValue(l.Key, out var value) && value == l.Value))
            {
                return;
            }

            await engine.CallAsync((docker, ct) => docker.Networks.DeleteNetworkAsync(network.ID, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (DockerNotFoundException)
        {
            // Already gone.
        }
        catch (DockerApiException busy) when (busy.Message.Contains("active endpoints", StringComparison.OrdinalIgnoreCase))
        {
            // A container still uses it (one being created under the same name): its own removal removes the network.
        }
    }

    /// <summary>
    /// Removes this runtime's networks (those carrying all its labels) created before <paramref name="cutoff"/> whose name is not
    /// in <paramref name="inUse"/>: left behind when their container was removed outside Vibe. Younger ones are kept, since a
    /// container may be about to be created on them. Returns the names removed.
    /// </summary>
    public async Task<IReadOnlyList<string>> RemoveUnusedAsync(IReadOnlySet<string> inUse, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var filters = new Dictionary<string, IDictionary<string, bool>>(StringComparer.Ordinal)
        {
            ["label"] = labels.ToDictionary(static l => $"{l.Key}={l.Value}", static _ => true, StringComparer.Ordinal),
        };
        var networks = await engine.CallAsync((docker, ct) => docker.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filters }, ct), cancellationToken).ConfigureAwait(false);
        var removed = new List<string>();
        foreach (var network in networks)
        {
            if (inUse.Contains(network.Name) || EngineTime.FromDateTime(network.Created) > cutoff)
            {
                continue;
            }

            await RemoveAsync(network.Name, cancellationToken).ConfigureAwait(false);
            removed.Add(network.Name);
        }

        return removed;
    }

    /// <summary>The <paramref name="skip"/>-th subnet of <paramref name="pool"/> of the given size that overlaps none of <paramref name="taken"/>.</summary>
    internal static IPNetwork? FreeSubnet(IPNetwork pool, int prefixLength, IReadOnlyList<IPNetwork> taken, int skip = 0)
    {
        if (pool.BaseAddress.AddressFamily != AddressFamily.InterNetwork || prefixLength < pool.PrefixLength || prefixLength > 30)
        {
            return null;
        }

        var start = ToUInt32(pool.BaseAddress);
        var size = 1u << (32 - prefixLength);
        var count = 1L << (prefixLength - pool.PrefixLength);
        for (long i = 0; i < count; i++)
        {
            var candidate = new IPNetwork(FromUInt32(start + (uint)(i * size)), prefixLength);
            if (taken.Any(t => t.BaseAddress.AddressFamily == AddressFamily.InterNetwork && (t.Contains(candidate.BaseAddress) || candidate.Contains(t.BaseAddress))) || skip-- > 0)
            {
                continue;
            }

            return candidate;
        }

        return null;
    }

    private static uint ToUInt32(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
    }

    private static IPAddress FromUInt32(uint value) => new([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
}
