using Orleans.Streams;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// One stream a <see cref="ResumingConnection"/> resumes: its events come from the connection's own subscription from
/// the token on until it reaches what the feed's shared subscription delivers.
/// </summary>
internal sealed class ResumingStream(ResumingConnection connection, string stream, StreamSequenceToken since)
{
    public ResumingConnection Connection { get; } = connection;

    /// <summary>The stream namespace (the <see cref="HubEvent.Stream"/> of its events).</summary>
    public string Stream { get; } = stream;

    /// <summary>The token of the last event of this stream the connection was sent (at first the one it resumes from).</summary>
    public StreamSequenceToken Last { get; set; } = since;

    /// <summary>This stream's events the group got while the connection caught up, in order.</summary>
    public List<HubEvent> Pending { get; } = [];

    /// <summary>Set once the stream caught up (or was reset): its events now reach the connection as the group's do.</summary>
    public bool Done { get; set; }

    /// <summary>Releases the connection's own subscription; null until it is made.</summary>
    public Func<Task>? Unsubscribe { get; set; }
}
