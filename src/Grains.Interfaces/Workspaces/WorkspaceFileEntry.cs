namespace Vibe.Grains.Workspaces;

/// <summary>One entry of a workspace directory.</summary>
/// <param name="Size">Bytes of a file; 0 for the other kinds.</param>
/// <param name="LinkTarget">Where a symlink points, as written in it.</param>
public sealed record WorkspaceFileEntry(string Name, WorkspaceFileKind Kind, long Size, DateTimeOffset Modified, string? LinkTarget = null);
