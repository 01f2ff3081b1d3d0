using System.Net;
using System.Net.Sockets;

namespace Vibe.TestSupport;

/// <summary>
/// Free TCP ports on 127.0.0.1, for servers and silos in tests (never a fixed well-known port: the machine is shared).
/// A port is free when asked; a server that loses the race for it should retry with a new one.
/// </summary>
public static class FreePort
{
    /// <summary>One port no listener holds right now.</summary>
    public static int Find() => FindMany(1)[0];

    /// <summary><paramref name="count"/> distinct ports no listener holds right now (a silo needs two: silo and gateway).</summary>
    public static int[] FindMany(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);

        // Every listener stays open until all ports are taken, so the system cannot hand out one port twice.
        var listeners = new List<TcpListener>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return [.. listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
