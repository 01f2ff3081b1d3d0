using Vibe.Grains.Workspaces;

namespace Vibe.WebFront.Workspaces;

/// <summary>
/// The hook the workspace grains of this process call after each change they persist (registered as their
/// <see cref="IWorkspaceStatusObserver"/>): it writes the change into the workspace index at once, so listings show a
/// new status as soon as the status event goes out. Grains in other silos of a cluster do not call it; the API's own
/// writes and <see cref="WorkspaceResourceSampler"/> keep the index current for those.
/// </summary>
internal sealed class WorkspaceIndexObserver(WorkspaceIndex index) : IWorkspaceStatusObserver
{
    public Task WorkspaceChangedAsync(WorkspaceInfo workspace, CancellationToken cancellationToken) => index.ApplyAsync(workspace, cancellationToken);
}
