namespace Vibe.Docker.Runtime;

/// <summary>Something happened to one of the runtime's containers.</summary>
/// <param name="WorkspaceId">The container's <c>vibe.workspace</c> label.</param>
/// <param name="ExitCode">The exit code of a <see cref="ContainerEventKind.Died"/> event.</param>
public sealed record ContainerEngineEvent(string ContainerId, string? WorkspaceId, ContainerEventKind Kind, int? ExitCode, DateTimeOffset Time);
