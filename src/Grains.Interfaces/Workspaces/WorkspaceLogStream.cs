namespace Vibe.Grains.Interfaces.Workspaces;

/// <summary>Which output of the container a log line came from.</summary>
[GenerateSerializer, Alias("Vibe.WorkspaceLogStream")]
public enum WorkspaceLogStream
{
    Stdout,
    Stderr,
}
