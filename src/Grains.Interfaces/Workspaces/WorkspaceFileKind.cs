namespace Vibe.Grains.Interfaces.Workspaces;

[GenerateSerializer, Alias("Vibe.WorkspaceFileKind")]
public enum WorkspaceFileKind
{
    File,
    Directory,
    Symlink,

    /// <summary>A FIFO, socket or device: listed, never opened.</summary>
    Other,
}
