using System.Net.Sockets;

namespace Vibe.WebFront.Tests.Preview;

/// <summary>Connections to the test's Kestrel server whatever host name a request names, as browsers send <c>*.localhost</c> to loopback.</summary>
internal static class PreviewLoopback
{
    /// <summary>A handler that connects every request to <paramref name="server"/> and leaves cookies and redirects to its caller.</summary>
    public static SocketsHttpHandler Handler(Uri server) => new()
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(server.Host, server.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
