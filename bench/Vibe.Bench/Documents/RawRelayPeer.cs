using System.Net.WebSockets;

namespace Vibe.Bench.Documents;

/// <summary>One connection of the raw relay; sends to it take turns, as a WebSocket allows one send at a time.</summary>
/// <remarks>The semaphore is never disposed: another connection may still be sending to this one as it leaves.</remarks>
internal sealed class RawRelayPeer(WebSocket socket)
{
    private readonly SemaphoreSlim _sending = new(1, 1);

    public WebSocket Socket { get; } = socket;

    public async Task SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken);
        try
        {
            await Socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException)
        {
            // The peer went away; its own receive loop removes it.
        }
        finally
        {
            _sending.Release();
        }
    }
}
