using System.Net;
using System.Net.Sockets;

namespace Vibe.Hosting.Clustering;

/// <summary>Picks a TCP port that is free now, for a silo port configured as 0: Orleans must advertise a real port.</summary>
internal static class FreePort
{
    public static int On(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
