namespace Vibe.Grains.Interfaces.Workspaces;

/// <summary>A call named a workspace that was never created.</summary>
[GenerateSerializer, Alias("Vibe.WorkspaceNotFoundException")]
public sealed class WorkspaceNotFoundException : KeyNotFoundException
{
    public WorkspaceNotFoundException()
    {
    }

    public WorkspaceNotFoundException(string message)
        : base(message)
    {
    }

    public WorkspaceNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
