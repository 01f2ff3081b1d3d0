namespace Vibe.Grains.Workspaces;

/// <summary>An event of the "workspace-status" stream: the workspace entered <paramref name="Status"/> (or, with an equal status, an OOM was seen).</summary>
/// <param name="Reason">Why, when it was not asked for: idle, died with code 137, out of memory, reconciled after a restart...</param>
public sealed record WorkspaceStatusChanged(
    string WorkspaceId,
    WorkspaceStatus Status,
    WorkspaceStatus? Previous,
    DateTimeOffset At,
    string? Reason = null,
    bool OomKilled = false);
