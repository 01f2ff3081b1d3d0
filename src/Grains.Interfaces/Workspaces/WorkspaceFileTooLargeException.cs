namespace Vibe.Grains.Interfaces.Workspaces;

/// <summary>A file is larger than the workspace file API reads or writes at once.</summary>
[GenerateSerializer, Alias("Vibe.WorkspaceFileTooLargeException")]
public sealed class WorkspaceFileTooLargeException : InvalidOperationException
{
    public WorkspaceFileTooLargeException()
    {
    }

    public WorkspaceFileTooLargeException(string message)
        : base(message)
    {
    }

    public WorkspaceFileTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
