using System.Net;
using System.Net.Sockets;

namespace Vibe.Cli.Tests.Fixtures;

/// <summary>
/// A TCP relay on a loopback port in front of a server, standing for a network that drops: <see cref="Cut"/> resets every
/// relayed connection and holds new ones unconnected until <see cref="Restore"/>, so a client that reconnects at once
/// gets through the moment the network is back, with no retry back-off to wait for.
/// </summary>
public sealed class DroppableProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopped = new();
    private readonly Lock _lock = new();
    private readonly List<Socket> _open = [];
    private readonly Task _accepting;
    private TaskCompletionSource _up = Up();

    public DroppableProxy(Uri target)
    {
        _target = new IPEndPoint(IPAddress.Parse(target.Host), target.Port);
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri Url { get; }

    /// <summary>Resets every relayed connection (both ends) and holds new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        List<Socket> open;
        lock (_lock)
        {
            if (_up.Task.IsCompleted)
            {
                _up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            open = [.. _open];
            _open.Clear();
        }

        foreach (var socket in open)
        {
            socket.Close(timeout: 0); // a reset, as when the network drops
        }
    }

    /// <summary>Lets the held connections and new ones through again.</summary>
    public void Restore()
    {
        lock (_lock)
        {
            _up.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopped.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopped.Dispose();
    }

    private static TaskCompletionSource Up()
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        up.SetResult();
        return up;
    }

    private async Task AcceptAsync()
    {
        while (!_stopped.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stopped.Token);
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            Task up;
            lock (_lock)
            {
                up = _up.Task;
                _open.Add(client);
            }

            await up.WaitAsync(_stopped.Token);
            await server.ConnectAsync(_target, _stopped.Token);
            lock (_lock)
            {
                if (!_open.Contains(client))
                {
                    return; // cut while connecting
                }

                _open.Add(server);
            }

            using var fromClient = new NetworkStream(client, ownsSocket: false);
            using var fromServer = new NetworkStream(server, ownsSocket: false);
            await Task.WhenAny(fromClient.CopyToAsync(fromServer, _stopped.Token), fromServer.CopyToAsync(fromClient, _stopped.Token));
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection was cut, or the proxy stops.
        }
        finally
        {
            lock (_lock)
            {
                _open.Remove(client);
                _open.Remove(server);
            }

            client.Close(timeout: 0);
            server.Close(timeout: 0);
        }
    }
}
