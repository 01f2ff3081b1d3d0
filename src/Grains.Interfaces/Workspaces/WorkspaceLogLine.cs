namespace Vibe.Grains.Workspaces;

/// <summary>One line the workspace container's main process wrote (on the "workspace-logs" stream and from GetLogs).</summary>
public sealed record WorkspaceLogLine(string WorkspaceId, WorkspaceLogStream Stream, string Text, DateTimeOffset? Timestamp);
