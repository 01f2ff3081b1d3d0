namespace Vibe.Grains.Workspaces;

/// <summary>
/// An optional host service that workspace grains tell about every change they have persisted: each status transition,
/// a rename, new limits. It is called after the state write and before the status event goes out, so a reader of the
/// projection it keeps (the web front's workspace index, which lists a user's workspaces in one query) is never behind
/// a client that saw the event. It runs inside the grain's turn: keep it short (one database write). Its failures are
/// logged by the grain and never fail the transition, which has happened already.
/// </summary>
public interface IWorkspaceStatusObserver
{
    /// <summary>The workspace as it is now persisted; <see cref="WorkspaceInfo.Status"/> is <see cref="WorkspaceStatus.Deleted"/> once it is gone.</summary>
    Task WorkspaceChangedAsync(WorkspaceInfo workspace, CancellationToken cancellationToken);
}
