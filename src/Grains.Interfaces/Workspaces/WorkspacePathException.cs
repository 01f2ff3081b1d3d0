namespace Vibe.Grains.Interfaces.Workspaces;

/// <summary>A workspace file path was refused (absolute, a '..' segment, a control character, or a symlink leading outside the workspace); nothing was touched.</summary>
[GenerateSerializer, Alias("Vibe.WorkspacePathException")]
public sealed class WorkspacePathException : ArgumentException
{
    public WorkspacePathException()
    {
    }

    public WorkspacePathException(string message)
        : base(message)
    {
    }

    public WorkspacePathException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
