namespace Vibe.Grains.Interfaces.Workspaces;

/// <summary>An event of the "workspace-status" stream: the workspace entered <paramref name="Status"/> (or, with an equal status, an OOM was seen).</summary>
/// A start that builds its template's image first sends Starting events with <paramref name="ImageBuild"/> (Previous also Starting) as the build goes.
/// A rename or new limits send an event with an equal status and no reason: the workspace's settings changed.
/// <param name="Workspace">The workspace as the grain persisted it with this change (null on image build progress, which persists nothing):
/// what the web front's workspace index copies (see the web front's WorkspaceIndexProjection).</param>
/// <param name="Reason">Why, when it was not asked for: idle, died with code 137, out of memory, reconciled after a restart...</param>
[GenerateSerializer, Alias("Vibe.WorkspaceStatusChanged")]
public sealed record WorkspaceStatusChanged(
    [Id(0)] string WorkspaceId,
    [Id(1)] WorkspaceStatus Status,
    [Id(2)] WorkspaceStatus? Previous,
    [Id(3)] DateTimeOffset At,
    [Id(4)] string? Reason = null,
    [Id(5)] bool OomKilled = false,
    [Id(6)] WorkspaceImageBuild? ImageBuild = null,
    [Id(7)] WorkspaceInfo? Workspace = null);
