namespace Vibe.Grains.Workspaces;

/// <summary>The streams of workspaces (key: the workspace id) and of their terminal sessions (key: the session grain's key, <c>"{workspaceId}/{sessionId}"</c>).</summary>
public static class WorkspaceStreams
{
    /// <summary>The stream provider they are on, unless WorkspaceOptions says otherwise.</summary>
    public const string Provider = "default";

    /// <summary><see cref="WorkspaceStatusChanged"/> events.</summary>
    public const string Status = "workspace-status";

    /// <summary><see cref="WorkspaceLogLine"/> events: the container's output while it runs.</summary>
    public const string Logs = "workspace-logs";

    /// <summary><see cref="Workspaces.TerminalOutput"/> events of one terminal session, in order and without gaps (see its Offset).</summary>
    public const string TerminalOutput = "terminal-output";

    /// <summary>
    /// <see cref="TerminalExited"/>, once per session, published after the session's last <see cref="Workspaces.TerminalOutput"/> has been
    /// delivered. A separate stream, so each stream carries one event type.
    /// </summary>
    public const string TerminalEvents = "terminal-events";
}
