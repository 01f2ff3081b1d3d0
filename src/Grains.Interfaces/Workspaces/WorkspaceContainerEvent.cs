namespace Vibe.Grains.Interfaces.Workspaces;

/// <summary>What the engine reported about a workspace's container; the silo's container monitor forwards these to the grain.</summary>
[GenerateSerializer, Alias("Vibe.WorkspaceContainerEvent")]
public sealed record WorkspaceContainerEvent([Id(0)] string ContainerId, [Id(1)] WorkspaceContainerEventKind Kind, [Id(2)] int? ExitCode, [Id(3)] DateTimeOffset At);
