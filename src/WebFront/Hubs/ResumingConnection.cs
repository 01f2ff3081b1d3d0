using Orleans.Streams;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// A connection that joined a feed from a token: it gets the resumed stream's events from its own subscription (from the
/// token on) until that subscription reaches what the feed's shared one delivers, then joins the group.
/// </summary>
internal sealed class ResumingConnection(string connectionId, StreamSequenceToken since)
{
    public string ConnectionId { get; } = connectionId;

    /// <summary>The token of the last resumed-stream event this connection was sent (at first the one it resumes from).</summary>
    public StreamSequenceToken Last { get; set; } = since;

    /// <summary>The resumed stream's events the group got while this connection caught up, in order.</summary>
    public List<HubEvent> Pending { get; } = [];

    /// <summary>Set once the connection is in the group (caught up, the token was too old, or it left).</summary>
    public bool Done { get; set; }

    /// <summary>Releases the connection's own subscription; null until it is made.</summary>
    public Func<Task>? Unsubscribe { get; set; }
}
