namespace Vibe.Grains.Interfaces.Workspaces;

/// <summary>One line the workspace container's main process wrote (pushed to log watchers and returned by GetLogs).</summary>
[GenerateSerializer, Immutable, Alias("Vibe.WorkspaceLogLine")]
public sealed record WorkspaceLogLine([Id(0)] string WorkspaceId, [Id(1)] WorkspaceLogStream Stream, [Id(2)] string Text, [Id(3)] DateTimeOffset? Timestamp);
