namespace Vibe.Grains.Workspaces;

/// <summary>The streams a workspace grain produces; the key is the workspace id.</summary>
public static class WorkspaceStreams
{
    /// <summary>The stream provider they are on, unless WorkspaceOptions says otherwise.</summary>
    public const string Provider = "default";

    /// <summary><see cref="WorkspaceStatusChanged"/> events.</summary>
    public const string Status = "workspace-status";

    /// <summary><see cref="WorkspaceLogLine"/> events: the container's output while it runs.</summary>
    public const string Logs = "workspace-logs";
}
