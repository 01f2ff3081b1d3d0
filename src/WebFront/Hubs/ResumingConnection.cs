namespace Vibe.WebFront.Hubs;

/// <summary>
/// A connection that joined a feed from tokens of some of its resumable streams: each of them reaches it through its own
/// subscription (<see cref="ResumingStream"/>) until that subscription meets what the feed's shared one delivers; the
/// connection joins the group once every one of them has.
/// </summary>
internal sealed class ResumingConnection(string connectionId)
{
    public string ConnectionId { get; } = connectionId;

    /// <summary>The streams it resumes, one per stream namespace.</summary>
    public List<ResumingStream> Streams { get; } = [];

    /// <summary>Set once the connection is in the group (every stream caught up or was reset) or left.</summary>
    public bool Done { get; set; }

    /// <summary>Where it stands in <paramref name="stream"/>; null when it does not resume that stream (it gets its events directly).</summary>
    public ResumingStream? Find(string? stream) => stream is null ? null : Streams.Find(s => s.Stream == stream);
}
