namespace Vibe.Docker.Runtime;

/// <summary>Something happened to one of the runtime's containers.</summary>
/// <param name="WorkspaceId">The container's <c>vibe.workspace</c> label.</param>
/// <param name="ExitCode">The exit code of a <see cref="ContainerEventKind.Died"/> event.</param>
/// <param name="ContainerName">The container's name (which tells the workspace of an adopted warm-pool container, as it has no workspace label).</param>
public sealed record ContainerEngineEvent(string ContainerId, string? WorkspaceId, ContainerEventKind Kind, int? ExitCode, DateTimeOffset Time, string? ContainerName = null);
