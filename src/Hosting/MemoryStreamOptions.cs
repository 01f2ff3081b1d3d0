namespace Vibe.Hosting;

/// <summary>
/// The in-memory stream provider's pulling (section Vibe:Streams:Memory): each queue has a pulling agent that makes one
/// grain call per period to its queue grain, whether or not anything was published, so queues × 1/period is what an idle
/// silo spends on streams, and half a period is what an event waits on average before it is delivered.
/// </summary>
internal sealed class MemoryStreamOptions
{
    public const string SectionName = "Vibe:Streams:Memory";

    /// <summary>
    /// How often each pulling agent asks its queue for new events (Orleans' <c>GetQueueMsgsTimerPeriod</c>; its default of
    /// 100 ms adds 100–300 ms per event). The flows on memory streams (workspace status, agent events) are read by people,
    /// for whom 50 ms (about 25 ms per event on average) is immediate; logs, terminals and documents go by observers, not
    /// by these streams. Each poll costs an idle silo about 1 ms of CPU, so 25 ms spent about 0.02 of a core more.
    /// </summary>
    public TimeSpan PullingPeriod { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How many queues (and pulling agents) the streams are spread over, across the cluster's silos; one carries Vibe's few events per second.</summary>
    public int Queues { get; set; } = 1;
}
