using System.Net;
using System.Net.Sockets;

namespace Vibe.Silo.Tests;

/// <summary>Free TCP ports on 127.0.0.1. Another process can still take one before the Silo binds it: callers retry.</summary>
internal static class LoopbackPorts
{
    /// <summary><paramref name="count"/> distinct ports that were free a moment ago (all are held open together while they are picked).</summary>
    public static int[] Free(int count)
    {
        var listeners = new List<TcpListener>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listeners.Add(listener);
                listener.Start();
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
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
