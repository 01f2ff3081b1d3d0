namespace Vibe.Grains.Workspaces;

/// <summary>
/// The Orleans streams of workspaces (key: the workspace id). Only flows without a tight latency budget are streams; logs,
/// terminal output and document events are pushed to grain observers instead (see <see cref="IWorkspaceLogObserver"/>).
/// </summary>
public static class WorkspaceStreams
{
    /// <summary>The stream provider they are on, unless WorkspaceOptions says otherwise.</summary>
    public const string Provider = "default";

    /// <summary><see cref="WorkspaceStatusChanged"/> events.</summary>
    public const string Status = "workspace-status";
}
