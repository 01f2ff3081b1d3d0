using System.Net;
using System.Net.Sockets;

namespace Vibe.Grains.Agents.Models;

/// <summary>
/// The ConnectCallback of the HTTP handlers that talk to team-set endpoints. It resolves the host itself, keeps only
/// public addresses that are not this host's own, and connects to one of those, so a name that resolves differently
/// between a check and the connection (DNS rebinding) cannot slip through; every connection a redirect opens passes
/// here too. Connections to <paramref name="allowedEndpoint"/> (the host and port of an endpoint the installation admin
/// allowed) skip the address check.
/// </summary>
internal sealed class ProviderConnectionGuard(Func<string, CancellationToken, Task<IPAddress[]>> resolve, DnsEndPoint? allowedEndpoint)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var target = context.DnsEndPoint;
        var host = target.Host.Trim('[', ']');
        var allowed = allowedEndpoint is not null
            && string.Equals(host, allowedEndpoint.Host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase)
            && target.Port == allowedEndpoint.Port;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await resolve(host, cancellationToken);
        var usable = allowed ? addresses : [.. addresses.Where(address => ProviderAddresses.IsPublic(address) && !ProviderAddresses.IsOwnAddress(address))];
        if (usable.Length == 0)
        {
            throw new ProviderAddressRefusedException(host);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(usable, target.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
