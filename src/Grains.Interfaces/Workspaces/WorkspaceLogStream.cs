namespace Vibe.Grains.Workspaces;

/// <summary>Which output of the container a log line came from.</summary>
public enum WorkspaceLogStream
{
    Stdout,
    Stderr,
}
