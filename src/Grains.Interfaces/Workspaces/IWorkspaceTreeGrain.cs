using Orleans.Concurrency;

namespace Vibe.Grains.Interfaces.Workspaces;

/// <summary>
/// Watches one workspace's directory tree (key: the workspace id) while someone watches it: files made in a terminal, by the
/// agent or through the API show in every open file tree without a refresh. Polls the directories' modification times (see
/// <c>WorkspaceTreeOptions</c>) and pushes the directories whose entries changed to its watchers.
/// </summary>
[Alias("Vibe.IWorkspaceTreeGrain")]
public interface IWorkspaceTreeGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts (or renews) pushing <see cref="WorkspaceTreeChange"/>s to <paramref name="observer"/>, and watching the tree if
    /// nobody did. A watch lapses unless renewed within a minute; the tree is no longer polled once no watch is left.
    /// </summary>
    [AlwaysInterleave]
    Task Watch(IWorkspaceTreeObserver observer);

    /// <summary>Stops pushing changes to <paramref name="observer"/>.</summary>
    [AlwaysInterleave]
    Task Unwatch(IWorkspaceTreeObserver observer);
}
