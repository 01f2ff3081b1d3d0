namespace Vibe.Docker.Events;

/// <summary>Options of <c>GET /events</c>.</summary>
public sealed class EventsParameters
{
    /// <summary>Replay the daemon's recent events from this time before streaming live ones; use it to miss nothing between a call and the subscription.</summary>
    public DateTimeOffset? Since { get; set; }

    /// <summary>End the stream at this time (the stream is endless when null).</summary>
    public DateTimeOffset? Until { get; set; }

    /// <summary>e.g. <c>type=container</c>, <c>event=die</c>, <c>container=&lt;id&gt;</c>, <c>label=k=v</c>.</summary>
    public DockerFilters? Filters { get; set; }
}
