using System.Runtime.Versioning;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.Grains.Workspaces.Files;

namespace Vibe.Grains.Workspaces;

/// <summary>
/// What one workspace's tree looked like at the last poll, and which directories changed since: each watched directory's
/// modification time (which moves when an entry is added, removed or renamed in it) and its entries. A poll stats every
/// watched directory and lists again only those whose time moved, or moved less than <see cref="SettleTime"/> before the
/// poll (file-system clocks are coarse: a second change within the same tick leaves the time as it was). Directories are
/// watched nearest the root first, up to <c>maxEntries</c> entries in all; symlinks are never followed, and the insides of
/// the <c>skipped</c> directory names are not watched.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class WorkspaceTreeWatch(int maxEntries, IReadOnlySet<string> skipped)
{
    /// <summary>A directory changed less than this before a poll is listed again at the next one.</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, Watched> _directories = new(StringComparer.Ordinal);
    private int _entries;
    private bool _started;

    /// <summary>The directories watched now.</summary>
    public int Directories => _directories.Count;

    /// <summary>Whether the bound on entries left some directories unwatched.</summary>
    public bool Truncated { get; private set; }

    /// <summary>Takes the first look (reporting nothing), then reports the directories whose entries changed since the last poll.</summary>
    public IReadOnlyList<string> Poll(WorkspaceFileSystem files, DateTimeOffset now)
    {
        var changed = new List<string>();
        if (!_directories.ContainsKey(""))
        {
            // The first look, or the workspace directory did not exist at the last one.
            var first = !_started;
            _started = true;
            Watch(files, "");
            if (!first && _directories.ContainsKey(""))
            {
                changed.Add("");
            }

            return changed;
        }

        var paths = _directories.Keys.ToArray();
        var stamps = files.DirectoryStamps(paths);
        var settled = (now.ToUnixTimeMilliseconds() - (long)SettleTime.TotalMilliseconds) * 1_000_000L;
        for (var i = 0; i < paths.Length; i++)
        {
            var path = paths[i];
            if (!_directories.TryGetValue(path, out var directory))
            {
                continue; // gone with its parent during this poll
            }

            if (stamps[i] is not { } stamp)
            {
                if (path.Length > 0)
                {
                    Forget(path); // its parent's listing reports it gone
                    continue;
                }

                // The workspace directory itself went away (the workspace was deleted): look for it again next time.
                _directories.Clear();
                _entries = 0;
                changed.Add(path);
                return changed;
            }

            if (stamp == directory.Stamp && !directory.Unsettled)
            {
                continue;
            }

            directory.Stamp = stamp;
            directory.Unsettled = stamp >= settled;
            if (Relist(files, path, directory))
            {
                changed.Add(path);
            }
        }

        return changed;
    }

    /// <summary>Lists the directory again; true when its entries differ. New subdirectories are watched, removed ones forgotten.</summary>
    private bool Relist(WorkspaceFileSystem files, string path, Watched directory)
    {
        var entries = List(files, path);
        if (entries is null || entries.AsSpan().SequenceEqual(directory.Entries))
        {
            return false;
        }

        var before = new HashSet<string>(directory.Entries, StringComparer.Ordinal);
        var after = new HashSet<string>(entries, StringComparer.Ordinal);
        _entries += entries.Length - directory.Entries.Length;
        directory.Entries = entries;
        foreach (var entry in before)
        {
            if (!after.Contains(entry) && IsDirectory(entry))
            {
                Forget(Child(path, entry));
            }
        }

        foreach (var entry in entries)
        {
            if (!before.Contains(entry) && IsDirectory(entry) && !skipped.Contains(entry[1..]))
            {
                Watch(files, Child(path, entry));
            }
        }

        return true;
    }

    /// <summary>Starts watching <paramref name="path"/> and the directories under it, breadth first, while the bound allows.</summary>
    private void Watch(WorkspaceFileSystem files, string path)
    {
        var queue = new Queue<string>();
        queue.Enqueue(path);
        while (queue.Count > 0)
        {
            var next = queue.Dequeue();
            if (_directories.ContainsKey(next))
            {
                continue;
            }

            if (_entries >= maxEntries)
            {
                Truncated = true;
                return;
            }

            var stamp = files.DirectoryStamps([next])[0];
            var entries = stamp is null ? null : List(files, next);
            if (entries is null)
            {
                continue;
            }

            _directories[next] = new Watched { Stamp = stamp!.Value, Entries = entries, Unsettled = true };
            _entries += entries.Length;
            foreach (var entry in entries)
            {
                if (IsDirectory(entry) && !skipped.Contains(entry[1..]))
                {
                    queue.Enqueue(Child(next, entry));
                }
            }
        }
    }

    /// <summary>Stops watching <paramref name="path"/> and everything under it.</summary>
    private void Forget(string path)
    {
        var prefix = path + "/";
        foreach (var key in _directories.Keys.Where(k => k == path || k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            _entries -= _directories[key].Entries.Length;
            _directories.Remove(key);
        }
    }

    /// <summary>The directory's entries as "kind letter + name", sorted; null when it cannot be listed (it went away).</summary>
    private static string[]? List(WorkspaceFileSystem files, string path)
    {
        IReadOnlyList<WorkspaceFileEntry> listed;
        try
        {
            listed = files.List(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or WorkspacePathException)
        {
            return null;
        }

        var entries = new string[listed.Count];
        for (var i = 0; i < listed.Count; i++)
        {
            entries[i] = (listed[i].Kind == WorkspaceFileKind.Directory ? "d" : "f") + listed[i].Name;
        }

        Array.Sort(entries, StringComparer.Ordinal);
        return entries;
    }

    private static bool IsDirectory(string entry) => entry[0] == 'd';

    private static string Child(string path, string entry) => path.Length == 0 ? entry[1..] : path + "/" + entry[1..];

    private sealed class Watched
    {
        public long Stamp { get; set; }

        public string[] Entries { get; set; } = [];

        public bool Unsettled { get; set; }
    }
}
