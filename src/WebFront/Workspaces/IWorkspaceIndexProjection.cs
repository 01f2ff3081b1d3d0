using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.WebFront.Workspaces;

/// <summary>The one writer of a workspace's status in the workspace index (key: the workspace id); see <see cref="WorkspaceIndexProjection"/>.</summary>
[Alias("Vibe.IWorkspaceIndexProjection")]
internal interface IWorkspaceIndexProjection : IGrainWithStringKey
{
    /// <summary>
    /// Marks the workspace Failed with <paramref name="error"/>: its grain has no record of it (a create cut short before the
    /// grain made it, or grain state that was lost), so no event will ever say so. Nothing changes if the index no longer
    /// holds <paramref name="seen"/>.
    /// </summary>
    Task MarkLost(WorkspaceStatus seen, string error);
}
