namespace Vibe.Grains.Interfaces.Workspaces;

/// <summary>A workspace file operation that the files as they are do not allow (the target exists, is a directory, the disk is full); the message says which, by workspace path (409 on REST).</summary>
[GenerateSerializer, Alias("Vibe.WorkspaceFileConflictException")]
public sealed class WorkspaceFileConflictException : IOException
{
    public WorkspaceFileConflictException()
    {
    }

    public WorkspaceFileConflictException(string message)
        : base(message)
    {
    }

    public WorkspaceFileConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
