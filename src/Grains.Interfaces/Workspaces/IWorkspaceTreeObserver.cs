namespace Vibe.Grains.Interfaces.Workspaces;

/// <summary>Receives a workspace's tree changes, pushed by its <see cref="IWorkspaceTreeGrain"/> within a poll period of the change.</summary>
[Alias("Vibe.IWorkspaceTreeObserver")]
public interface IWorkspaceTreeObserver : IGrainObserver
{
    /// <summary>Directories whose entries changed. A watcher that takes longer than 5 s is dropped.</summary>
    [ResponseTimeout("00:00:05")]
    Task OnTreeChanged(WorkspaceTreeChange change);
}
