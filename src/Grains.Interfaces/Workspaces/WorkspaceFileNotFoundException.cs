namespace Vibe.Grains.Interfaces.Workspaces;

/// <summary>A workspace file or directory a call named does not exist; the message names it by its workspace path (404 on REST).</summary>
[GenerateSerializer, Alias("Vibe.WorkspaceFileNotFoundException")]
public sealed class WorkspaceFileNotFoundException : FileNotFoundException
{
    public WorkspaceFileNotFoundException()
    {
    }

    public WorkspaceFileNotFoundException(string message)
        : base(message)
    {
    }

    public WorkspaceFileNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
