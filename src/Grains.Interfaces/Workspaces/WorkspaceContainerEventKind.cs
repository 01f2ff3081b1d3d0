namespace Vibe.Grains.Interfaces.Workspaces;

[GenerateSerializer, Alias("Vibe.WorkspaceContainerEventKind")]
public enum WorkspaceContainerEventKind
{
    /// <summary>The container's main process exited.</summary>
    Died,

    /// <summary>The OOM killer killed a process in the container.</summary>
    OutOfMemory,
}
