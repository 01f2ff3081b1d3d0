using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vibe.Bench.Documents;

/// <summary>
/// The edit-fanout baseline: the least a server can do to broadcast an edit. Kestrel on loopback with one WebSocket endpoint,
/// /relay, that forwards every text message a connection sends, byte for byte, to every other connection (all sends started
/// at once, as SignalR's group send does). No hub protocol, no authentication, no grain, no persistence.
/// </summary>
internal sealed class RawWebSocketRelay : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<RawRelayPeer, byte> _peers = new();

    private RawWebSocketRelay(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The ws:// address of the relay endpoint.</summary>
    public Uri Url { get; private set; } = null!;

    public static async Task<RawWebSocketRelay> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var relay = new RawWebSocketRelay(app);
        app.UseWebSockets();
        app.Map("/relay", relay.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        relay.Url = new Uri($"{address.Replace("http://", "ws://", StringComparison.Ordinal)}/relay");
        return relay;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var peer = new RawRelayPeer(socket);
        _peers.TryAdd(peer, 0);
        var buffer = new ArrayBufferWriter<byte>(4096);
        var stopping = context.RequestAborted;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult received;
                do
                {
                    received = await socket.ReceiveAsync(buffer.GetMemory(4096), stopping);
                    buffer.Advance(received.Count);
                }
                while (!received.EndOfMessage && received.MessageType != WebSocketMessageType.Close);

                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    return;
                }

                // One copy of the message for all receivers, like SignalR's serialise-once group send.
                var message = buffer.WrittenMemory.ToArray();
                var sends = new List<Task>(_peers.Count);
                foreach (var other in _peers.Keys)
                {
                    if (!ReferenceEquals(other, peer))
                    {
                        sends.Add(other.SendAsync(message, CancellationToken.None)); // a cancelled send aborts the socket
                    }
                }

                await Task.WhenAll(sends);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client went away or the relay is stopping.
        }
        finally
        {
            _peers.TryRemove(peer, out _);
        }
    }
}
