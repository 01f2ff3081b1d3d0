namespace Vibe.Grains.Workspaces.Files;

/// <summary>What <see cref="WorkspaceFileSystem.Stat"/> tells about a file: enough to notice that it changed or was replaced.</summary>
/// <param name="ModifiedNanoseconds">The modification time, in nanoseconds since the Unix epoch.</param>
internal readonly record struct WorkspaceFileStat(long Size, long ModifiedNanoseconds, ulong Inode);
