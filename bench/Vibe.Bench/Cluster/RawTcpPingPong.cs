using System.Net;
using System.Net.Sockets;

namespace Vibe.Bench.Cluster;

/// <summary>The physical limit: a request/response of the same size over one loopback TCP connection, with async sockets.</summary>
internal sealed class RawTcpPingPong : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private Task _server = Task.CompletedTask;
    private TcpClient? _client;
    private NetworkStream? _stream;
    private readonly byte[] _request;
    private readonly byte[] _response;

    public RawTcpPingPong(int payloadBytes)
    {
        _request = new byte[payloadBytes];
        _response = new byte[payloadBytes];
    }

    public async Task StartAsync()
    {
        _listener.Start();
        _server = Task.Run(async () =>
        {
            using var peer = await _listener.AcceptTcpClientAsync(_stop.Token);
            peer.NoDelay = true;
            var stream = peer.GetStream();
            var buffer = new byte[_request.Length];
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    await stream.ReadExactlyAsync(buffer, _stop.Token);
                    await stream.WriteAsync(buffer, _stop.Token);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or EndOfStreamException)
            {
                // Benchmark over.
            }
        });
        _client = new TcpClient { NoDelay = true };
        await _client.ConnectAsync((IPEndPoint)_listener.LocalEndpoint);
        _stream = _client.GetStream();
    }

    public async ValueTask RoundTripAsync()
    {
        await _stream!.WriteAsync(_request);
        await _stream.ReadExactlyAsync(_response);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _client?.Dispose();
        _listener.Stop();
        await _server;
        _stop.Dispose();
    }
}
