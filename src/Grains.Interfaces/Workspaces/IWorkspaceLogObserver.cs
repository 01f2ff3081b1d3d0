namespace Vibe.Grains.Interfaces.Workspaces;

/// <summary>
/// Receives a workspace's container output as the container writes it, pushed by the workspace grain in one message per line
/// (see <see cref="IWorkspaceGrain.WatchLogs"/>) when the streams are in memory. A push, not a stream: log lines have a latency
/// budget that polled streams miss. With durable streams (Kafka) the lines go to <see cref="WorkspaceStreams.Logs"/> instead.
/// </summary>
[Alias("Vibe.IWorkspaceLogObserver")]
public interface IWorkspaceLogObserver : IGrainObserver
{
    /// <summary>One line; lines arrive in the order the container wrote them. A watcher that takes longer than 5 s is dropped.</summary>
    [ResponseTimeout("00:00:05")]
    Task OnLog(WorkspaceLogLine line);
}
