using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.WebFront.Hubs;

/// <summary>The "status" event: a workspace entered <paramref name="Status"/>.</summary>
/// <param name="Error">Why the workspace failed, when <paramref name="Status"/> is Failed.</param>
/// <param name="Reason">Why the change happened when nobody asked for it (idle, the container died, out of memory...).</param>
/// <param name="ImageBuild">While a start builds the template's image: its stage and percent (the status stays Starting).</param>
internal sealed record WorkspaceStatusEvent(
    string WorkspaceId,
    WorkspaceStatus Status,
    WorkspaceStatus? PreviousStatus,
    DateTimeOffset At,
    string? Error,
    string? Reason,
    bool OomKilled,
    WorkspaceImageBuild? ImageBuild)
{
    public static WorkspaceStatusEvent From(WorkspaceStatusChanged change) => new(
        change.WorkspaceId,
        change.Status,
        change.Previous,
        change.At,
        change.Status == WorkspaceStatus.Failed ? change.Reason : null,
        change.Reason,
        change.OomKilled,
        change.ImageBuild);
}
