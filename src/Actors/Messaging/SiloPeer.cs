using Vibe.Actors.Cluster;

namespace Vibe.Actors.Messaging;

/// <summary>
/// What this silo knows about its link to one remote silo: the connection in use, the messages waiting for one,
/// and the backoff after failed attempts. Every field is guarded by <see cref="Lock"/>.
/// </summary>
internal sealed class SiloPeer(SiloAddress address)
{
    public SiloAddress Address { get; } = address;

    public Lock Lock { get; } = new();

    /// <summary>The one connection frames to this silo go through, once its handshake is done.</summary>
    public SiloConnection? Active { get; set; }

    /// <summary>Whether an outbound connection attempt is under way.</summary>
    public bool Connecting { get; set; }

    /// <summary>Messages sent while there was no connection, in order; they go first into the next connection.</summary>
    public List<Message>? Pending { get; set; }

    /// <summary>Set while a connection attempt waits for the peer's own connection (our attempt lost the tie).</summary>
    public TaskCompletionSource? InboundWaiter { get; set; }

    /// <summary>Until this time (<see cref="Environment.TickCount64"/>) sends fail with <see cref="LastError"/> instead of connecting.</summary>
    public long RetryAfter { get; set; }

    /// <summary>The delay applied after the next failed attempt; zero until the first failure.</summary>
    public TimeSpan NextDelay { get; set; }

    public Exception? LastError { get; set; }

    /// <summary>Moves <see cref="Pending"/> into <paramref name="connection"/>'s queue and makes it the active connection.</summary>
    public SiloConnection? Activate(SiloConnection connection)
    {
        var previous = Active;
        if (Pending is { } pending)
        {
            foreach (var message in pending)
            {
                connection.TryEnqueue(message);
            }

            Pending = null;
        }

        Active = connection;
        RetryAfter = 0;
        NextDelay = TimeSpan.Zero;
        LastError = null;
        InboundWaiter?.TrySetResult();
        InboundWaiter = null;
        return previous;
    }

    /// <summary>Takes the pending messages out, for failing them.</summary>
    public List<Message>? TakePending()
    {
        var pending = Pending;
        Pending = null;
        return pending;
    }
}
