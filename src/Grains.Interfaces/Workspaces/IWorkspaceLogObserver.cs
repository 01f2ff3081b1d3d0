namespace Vibe.Grains.Interfaces.Workspaces;

/// <summary>
/// Receives a workspace's container output as the container writes it, pushed by the workspace grain (see
/// <see cref="IWorkspaceGrain.WatchLogs"/>) when the streams are in memory: one message per run of lines that arrived together. A push, not a stream: log lines have a latency
/// budget that polled streams miss. With durable streams (Kafka) the lines go to <see cref="WorkspaceStreams.Logs"/> instead.
/// </summary>
[Alias("Vibe.IWorkspaceLogObserver")]
public interface IWorkspaceLogObserver : IGrainObserver
{
    /// <summary>
    /// Lines read together (one or more; a burst goes in one message, not one round trip per line), in the order the container
    /// wrote them; the next call waits for this one. A watcher that takes longer than 5 s is dropped.
    /// </summary>
    [ResponseTimeout("00:00:05")]
    Task OnLogs(IReadOnlyList<WorkspaceLogLine> lines);
}
