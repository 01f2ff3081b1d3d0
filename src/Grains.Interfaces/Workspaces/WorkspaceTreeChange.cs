namespace Vibe.Grains.Interfaces.Workspaces;

/// <summary>Directories of a workspace (relative paths, "" for the root) in which entries were added, removed, renamed or changed kind.</summary>
[GenerateSerializer, Alias("Vibe.WorkspaceTreeChange")]
public sealed record WorkspaceTreeChange([Id(0)] string WorkspaceId, [Id(1)] IReadOnlyList<string> Directories);
