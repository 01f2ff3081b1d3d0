namespace Vibe.Grains.Workspaces;

/// <summary>How the file trees of open workspace pages are kept current, under <c>WorkspaceOptions.FileTree</c> (configuration "Vibe:Workspaces:FileTree").</summary>
public sealed class WorkspaceTreeOptions
{
    /// <summary>How often a watched workspace's directories are checked for entries added, removed or renamed (default 500 ms).</summary>
    public TimeSpan PollPeriod { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The most files and directories watched per workspace, nearest the root first; deeper ones show after a refresh (default 10 000).</summary>
    public int MaxWatchedEntries { get; set; } = 10_000;

    /// <summary>Directories whose insides are not watched, by name, separated by ';' (default ".git;node_modules": big, and busy with tools' own writes).</summary>
    public string SkippedDirectories { get; set; } = ".git;node_modules";
}
