namespace Vibe.Grains.Workspaces;

/// <summary>What the engine reported about a workspace's container; the silo's container monitor forwards these to the grain.</summary>
public sealed record WorkspaceContainerEvent(string ContainerId, WorkspaceContainerEventKind Kind, int? ExitCode, DateTimeOffset At);
