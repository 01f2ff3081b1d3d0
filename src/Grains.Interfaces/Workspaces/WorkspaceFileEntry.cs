namespace Vibe.Grains.Interfaces.Workspaces;

/// <summary>One entry of a workspace directory.</summary>
/// <param name="Size">Bytes of a file; 0 for the other kinds.</param>
/// <param name="LinkTarget">Where a symlink points, as written in it.</param>
[GenerateSerializer, Alias("Vibe.WorkspaceFileEntry")]
public sealed record WorkspaceFileEntry([Id(0)] string Name, [Id(1)] WorkspaceFileKind Kind, [Id(2)] long Size, [Id(3)] DateTimeOffset Modified, [Id(4)] string? LinkTarget = null);
