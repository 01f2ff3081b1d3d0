using System.Net;
using System.Net.Sockets;

namespace Vibe.Docker.Tests.Fixtures;

/// <summary>Exposes the daemon's unix socket on a loopback TCP port, so tcp:// endpoints can be tested against the real daemon.</summary>
internal sealed class TcpToUnixProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _socketPath;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;

    public TcpToUnixProxy(string socketPath)
    {
        _socketPath = socketPath;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptSocketAsync(_stopping.Token);
                _ = PumpAsync(client);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task PumpAsync(Socket client)
    {
        using (client)
        using (var daemon = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await daemon.ConnectAsync(new UnixDomainSocketEndPoint(_socketPath), _stopping.Token);
            await Task.WhenAll(CopyAsync(client, daemon), CopyAsync(daemon, client));
        }
    }

    // Copies one direction and forwards its end as a half-close, as exec stdin relies on.
    private async Task CopyAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stopping.Token);
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A side went away; the other copy ends with it.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stopping.Dispose();
    }
}
