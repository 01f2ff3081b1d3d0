namespace Vibe.Grains.Interfaces.Workspaces;

/// <summary>
/// The Orleans streams of workspaces (key: the workspace id). Only flows without a tight latency budget are streams (and
/// container logs when the streams are durable); terminal output and document events are pushed to grain observers
/// instead (see <see cref="IWorkspaceLogObserver"/>).
/// </summary>
public static class WorkspaceStreams
{
    /// <summary>The stream provider they are on, unless WorkspaceOptions says otherwise.</summary>
    public const string Provider = "default";

    /// <summary><see cref="WorkspaceStatusChanged"/> events.</summary>
    public const string Status = "workspace-status";

    /// <summary>
    /// <see cref="WorkspaceLogLine"/>s of the workspace's container, when the streams are durable (on Kafka, so a web silo
    /// that restarts or a browser that reconnects resumes them); with the in-memory streams they go to log watchers instead.
    /// </summary>
    public const string Logs = "workspace-logs";
}
