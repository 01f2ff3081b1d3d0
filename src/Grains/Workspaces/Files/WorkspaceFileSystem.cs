using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;
using Vibe.Grains.Interfaces.Errors;
using Vibe.Grains.Interfaces.Workspaces;
using static Vibe.Grains.Workspaces.Files.LinuxFileCalls;

namespace Vibe.Grains.Workspaces.Files;

/// <summary>
/// The files of one workspace, confined to its host directory. The container's processes own that directory and can swap
/// any part of it for a symlink at any moment, so checking a path and then using it would race. Instead every path is
/// resolved by the kernel with <c>openat2(RESOLVE_BENEATH)</c> from a descriptor of the root, which fails (EXDEV) when
/// resolution would leave the root through '..' or a symlink, and every change is made relative to a directory descriptor
/// obtained that way (<c>mkdirat</c>, <c>unlinkat</c>, <c>renameat2</c>, <c>fchown</c>), never through a path string.
/// Symlinks that stay inside are followed; absolute symlinks are not (inside the container they would mean something else).
/// Needs Linux 5.6 or later.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class WorkspaceFileSystem
{
    private const uint FileMode = 0b110_100_100; // 0644
    private const uint DirectoryMode = 0b111_101_101; // 0755
    private const uint SharedFileMode = 0b110_110_110; // 0666: the container user (another uid) must be able to edit it
    private const uint SharedDirectoryMode = 0b111_111_111; // 0777
    private const int MaxTreeDepth = 256;

    private readonly string _root;
    private readonly uint _ownerId;
    private readonly bool _chown;
    private readonly long _maxFileBytes;

    /// <param name="root">The workspace's absolute host directory.</param>
    /// <param name="ownerId">The uid and gid new files and directories get (the container user).</param>
    /// <param name="chown">Give new entries to <paramref name="ownerId"/>; only root may. Without it they are made world-writable instead.</param>
    public WorkspaceFileSystem(string root, int ownerId, bool chown, long maxFileBytes)
    {
        _root = root;
        _ownerId = (uint)ownerId;
        _chown = chown;
        _maxFileBytes = maxFileBytes;
    }

    public string Root => _root;

    public IReadOnlyList<WorkspaceFileEntry> List(string? path)
    {
        var target = WorkspacePath.Parse(path, allowRoot: true);
        using var root = OpenRoot();
        using var directory = OpenBeneath(root, target.Relative, O_RDONLY | O_DIRECTORY | O_CLOEXEC, target.Original, "list");
        var fd = Fd(directory);
        var entries = new List<WorkspaceFileEntry>();
        foreach (var name in EntryNames(fd))
        {
            if (Statx(fd, name, AT_SYMLINK_NOFOLLOW, STATX_TYPE | STATX_SIZE | STATX_MTIME, out var stat) != 0)
            {
                continue; // removed meanwhile
            }

            var modified = DateTimeOffset.FromUnixTimeSeconds(stat.ModifiedSeconds).AddTicks(stat.ModifiedNanoseconds / 100);
            entries.Add((stat.Mode & S_IFMT) switch
            {
                S_IFREG => new WorkspaceFileEntry(name, WorkspaceFileKind.File, (long)stat.Size, modified),
                S_IFDIR => new WorkspaceFileEntry(name, WorkspaceFileKind.Directory, 0, modified),
                S_IFLNK => new WorkspaceFileEntry(name, WorkspaceFileKind.Symlink, 0, modified, ReadLink(fd, name)),
                _ => new WorkspaceFileEntry(name, WorkspaceFileKind.Other, 0, modified),
            });
        }

        entries.Sort(static (a, b) => (a.Kind == WorkspaceFileKind.Directory) != (b.Kind == WorkspaceFileKind.Directory)
            ? (a.Kind == WorkspaceFileKind.Directory ? -1 : 1)
            : string.CompareOrdinal(a.Name, b.Name));
        return entries;
    }

    public byte[] Read(string? path)
    {
        var target = WorkspacePath.Parse(path, allowRoot: false);
        using var root = OpenRoot();

        // O_NONBLOCK: a FIFO planted by the container must not block the grain.
        using var file = OpenBeneath(root, target.Relative, O_RDONLY | O_NONBLOCK | O_CLOEXEC, target.Original, "read");
        var stat = StatOf(file, target.Original);
        switch (stat.Mode & S_IFMT)
        {
            case S_IFDIR:
                throw new WorkspaceFileConflictException($"'{target.Original}' is a directory; list it instead of reading it.");
            case S_IFREG:
                break;
            default:
                throw new WorkspaceFileConflictException($"'{target.Original}' is not a regular file (a FIFO, socket or device) and is not read.");
        }

        if ((long)stat.Size > _maxFileBytes)
        {
            throw TooLarge(target.Original, (long)stat.Size);
        }

        // The file may grow while it is read: read at most one byte past the cap to notice.
        var buffer = new byte[(int)stat.Size];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (buffer.Length > _maxFileBytes)
                {
                    throw TooLarge(target.Original, buffer.Length);
                }

                Array.Resize(ref buffer, (int)Math.Min(Math.Max(buffer.Length * 2L, 4096), _maxFileBytes + 1));
            }

            var read = RandomAccess.Read(file, buffer.AsSpan(total), total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        if (total > _maxFileBytes)
        {
            throw TooLarge(target.Original, total);
        }

        return total == buffer.Length ? buffer : buffer[..total];
    }

    /// <summary>
    /// The size, modification time and inode of the regular file at <paramref name="path"/> (through symlinks that stay inside),
    /// or null when nothing is there: cheap enough to poll, for noticing changes made outside the file API.
    /// </summary>
    public WorkspaceFileStat? Stat(string? path)
    {
        var target = WorkspacePath.Parse(path, allowRoot: false);
        if (!Directory.Exists(_root))
        {
            return null;
        }

        using var root = OpenRoot();
        var how = new OpenHow { Flags = (ulong)(O_PATH | O_CLOEXEC), Resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS };
        var fd = OpenAt2(Fd(root), target.Relative, ref how);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is ENOENT or ENOTDIR ? null : throw Failure(errno, target.Original, "check");
        }

        using var file = new SafeFileHandle(fd, ownsHandle: true);
        Check(Statx(fd, "", AT_EMPTY_PATH, STATX_TYPE | STATX_SIZE | STATX_MTIME | STATX_INO, out var stat), target.Original, "check");
        return (stat.Mode & S_IFMT) != S_IFREG
            ? throw new WorkspaceFileConflictException($"'{target.Original}' is not a regular file.")
            : new WorkspaceFileStat((long)stat.Size, (stat.ModifiedSeconds * 1_000_000_000L) + stat.ModifiedNanoseconds, stat.Inode);
    }

    /// <summary>
    /// The modification time, in nanoseconds, of each directory in <paramref name="directories"/> ("" for the root; through
    /// symlinks that stay inside), or null where no directory is: it changes when an entry is added, removed or renamed in
    /// the directory. Opens the root once for them all, so polling a tree costs one open and one statx per directory.
    /// </summary>
    public long?[] DirectoryStamps(IReadOnlyList<string> directories)
    {
        var stamps = new long?[directories.Count];
        if (!Directory.Exists(_root))
        {
            return stamps;
        }

        using var root = OpenRoot();
        var rootFd = Fd(root);
        for (var i = 0; i < directories.Count; i++)
        {
            WorkspacePath target;
            try
            {
                target = WorkspacePath.Parse(directories[i], allowRoot: true);
            }
            catch (WorkspacePathException)
            {
                continue; // a name the file API refuses is not watched either
            }

            if (target.IsRoot)
            {
                stamps[i] = DirectoryStamp(rootFd);
                continue;
            }

            var how = new OpenHow { Flags = (ulong)(O_PATH | O_DIRECTORY | O_CLOEXEC), Resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS };
            var fd = OpenAt2(rootFd, target.Relative, ref how);
            if (fd >= 0)
            {
                using var directory = new SafeFileHandle(fd, ownsHandle: true);
                stamps[i] = DirectoryStamp(fd);
            }
        }

        return stamps;
    }

    /// <summary>The path of the regular file with inode <paramref name="inode"/> in the directory <paramref name="directory"/> (not in its subdirectories), or null.</summary>
    public string? FindByInode(string? directory, ulong inode)
    {
        var target = WorkspacePath.Parse(directory, allowRoot: true);
        if (!Directory.Exists(_root))
        {
            return null;
        }

        using var root = OpenRoot();
        var how = new OpenHow { Flags = (ulong)(O_RDONLY | O_DIRECTORY | O_CLOEXEC), Resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS };
        var fd = OpenAt2(Fd(root), target.Relative, ref how);
        if (fd < 0)
        {
            return null;
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        foreach (var name in EntryNames(fd))
        {
            if (Statx(fd, name, AT_SYMLINK_NOFOLLOW, STATX_TYPE | STATX_INO, out var stat) == 0 && (stat.Mode & S_IFMT) == S_IFREG && stat.Inode == inode)
            {
                return target.IsRoot ? name : target.Relative + "/" + name;
            }
        }

        return null;
    }

    /// <summary>Writes <paramref name="content"/> to a temporary file beside the target and renames it over the target, so readers never see half a file.</summary>
    public void Write(string? path, ReadOnlySpan<byte> content)
    {
        var target = WorkspacePath.Parse(path, allowRoot: false);
        if (content.Length > _maxFileBytes)
        {
            throw TooLarge(target.Original, content.Length);
        }

        using var root = OpenRoot();
        using var parent = OpenParent(root, target, create: true);
        var parentFd = Fd(parent);
        var mode = _chown ? FileMode : SharedFileMode;
        if (Statx(parentFd, target.Name, AT_SYMLINK_NOFOLLOW, STATX_TYPE | STATX_MODE, out var existing) == 0)
        {
            switch (existing.Mode & S_IFMT)
            {
                case S_IFDIR:
                    throw new WorkspaceFileConflictException($"'{target.Original}' is a directory; it cannot be written as a file.");
                case S_IFREG:
                    mode = (uint)(existing.Mode & 0x1FF); // keep the permissions (an executable script stays executable), not setuid/setgid
                    break;
                case S_IFLNK:
                    // Renaming over a symlink would replace the link; write through it instead, resolved beneath the root like any path.
                    WriteInPlace(root, target, content);
                    return;
            }
        }

        var temporary = string.Create(CultureInfo.InvariantCulture, $".vibe-write-{Guid.NewGuid():N}.tmp");
        var fd = OpenAt(parentFd, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (fd < 0)
        {
            throw Failure(Marshal.GetLastPInvokeError(), target.Original, "write");
        }

        var renamed = false;
        try
        {
            using (var file = new SafeFileHandle(fd, ownsHandle: true))
            {
                RandomAccess.Write(file, content, 0);
                Check(FChmod(Fd(file), mode), target.Original, "write");
                if (_chown)
                {
                    Check(FChown(Fd(file), _ownerId, _ownerId), target.Original, "write");
                }
            }

            Check(RenameAt2(parentFd, temporary, parentFd, target.Name, 0), target.Original, "write");
            renamed = true;
        }
        finally
        {
            if (!renamed)
            {
                _ = UnlinkAt(parentFd, temporary, 0);
            }
        }
    }

    /// <summary>Writes through a symlink to the file it names, which must be inside the workspace (not atomic, like any in-place write).</summary>
    private static void WriteInPlace(SafeFileHandle root, WorkspacePath target, ReadOnlySpan<byte> content)
    {
        using var file = OpenBeneath(root, target.Relative, O_WRONLY | O_NONBLOCK | O_CLOEXEC, target.Original, "write");
        if ((StatOf(file, target.Original).Mode & S_IFMT) != S_IFREG)
        {
            throw new WorkspaceFileConflictException($"'{target.Original}' is a symbolic link to something that is not a regular file and is not written.");
        }

        RandomAccess.SetLength(file, 0);
        RandomAccess.Write(file, content, 0);
    }

    /// <summary>Deletes a file or symlink (never what it points to), or a directory with its contents.</summary>
    public void Delete(string? path)
    {
        var target = WorkspacePath.Parse(path, allowRoot: false);
        using var root = OpenRoot();
        using var parent = OpenParent(root, target, create: false);
        DeleteEntry(Fd(parent), target.Name, target.Original, 0);
    }

    /// <summary>Renames <paramref name="from"/> to <paramref name="to"/>, creating the target's parents; an existing target is not replaced.</summary>
    public void Move(string? from, string? to)
    {
        var source = WorkspacePath.Parse(from, allowRoot: false);
        var target = WorkspacePath.Parse(to, allowRoot: false);
        using var root = OpenRoot();
        using var sourceParent = OpenParent(root, source, create: false);
        using var targetParent = OpenParent(root, target, create: true);
        if (RenameAt2(Fd(sourceParent), source.Name, Fd(targetParent), target.Name, RENAME_NOREPLACE) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno switch
            {
                EEXIST => new WorkspaceFileConflictException($"'{target.Original}' already exists; delete it first or choose another name."),
                EINVAL => new WorkspaceFileConflictException($"'{source.Original}' cannot be moved into itself ('{target.Original}')."),
                ENOENT => new WorkspaceFileNotFoundException($"'{source.Original}' does not exist in the workspace."),
                _ => Failure(errno, source.Original, "move"),
            };
        }
    }

    /// <summary>Removes the workspace directory and everything in it (on delete of the workspace).</summary>
    public void DeleteAll()
    {
        if (!Directory.Exists(_root))
        {
            return;
        }

        using (var root = OpenRoot())
        {
            foreach (var name in EntryNames(Fd(root)))
            {
                DeleteEntry(Fd(root), name, name, 0);
            }
        }

        Directory.Delete(_root);
    }

    /// <summary>Opens the root (creating it, owned by the container user, if it is missing).</summary>
    private SafeFileHandle OpenRoot()
    {
        var created = false;
        if (!Directory.Exists(_root))
        {
            Directory.CreateDirectory(_root);
            created = true;
        }

        var fd = Open(_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"The workspace directory {_root} cannot be opened: {Marshal.GetPInvokeErrorMessage(errno)}.");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (created)
        {
            _ = FChmod(fd, _chown ? DirectoryMode : SharedDirectoryMode);
            if (_chown)
            {
                _ = FChown(fd, _ownerId, _ownerId);
            }
        }

        return handle;
    }

    /// <summary>Opens <paramref name="relative"/> beneath <paramref name="root"/>: the kernel refuses any step out of it.</summary>
    private static SafeFileHandle OpenBeneath(SafeFileHandle root, string relative, int flags, string original, string operation)
    {
        var how = new OpenHow { Flags = (ulong)flags, Resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS };
        var fd = OpenAt2(Fd(root), relative, ref how);
        if (fd < 0)
        {
            throw Failure(Marshal.GetLastPInvokeError(), original, operation);
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Opens the directory that holds <paramref name="target"/>, creating missing directories on the way when <paramref name="create"/>.</summary>
    private SafeFileHandle OpenParent(SafeFileHandle root, WorkspacePath target, bool create)
    {
        const string Operation = "open the parent directory of";
        var flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
        if (!create)
        {
            return OpenBeneath(root, target.ParentRelative, flags, target.Original, Operation);
        }

        var current = OpenBeneath(root, ".", flags, target.Original, Operation);
        try
        {
            for (var i = 0; i < target.Segments.Count - 1; i++)
            {
                var prefix = string.Join('/', target.Segments.Take(i + 1));
                var how = new OpenHow { Flags = (ulong)flags, Resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS };
                var fd = OpenAt2(Fd(root), prefix, ref how);
                if (fd < 0 && Marshal.GetLastPInvokeError() == ENOENT)
                {
                    // mkdirat relative to the directory already resolved beneath the root: it never follows a symlink.
                    var segment = target.Segments[i];
                    if (MkdirAt(Fd(current), segment, _chown ? DirectoryMode : SharedDirectoryMode) == 0)
                    {
                        if (_chown)
                        {
                            _ = FChownAt(Fd(current), segment, _ownerId, _ownerId, AT_SYMLINK_NOFOLLOW);
                        }
                    }
                    else if (Marshal.GetLastPInvokeError() is var errno && errno != EEXIST)
                    {
                        throw Failure(errno, target.Original, "create the parent directories of");
                    }

                    fd = OpenAt2(Fd(root), prefix, ref how);
                }

                if (fd < 0)
                {
                    throw Failure(Marshal.GetLastPInvokeError(), target.Original, Operation);
                }

                current.Dispose();
                current = new SafeFileHandle(fd, ownsHandle: true);
            }

            return current;
        }
        catch
        {
            current.Dispose();
            throw;
        }
    }

    private static void DeleteEntry(int parent, string name, string original, int depth)
    {
        if (UnlinkAt(parent, name, 0) == 0)
        {
            return;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno != EISDIR)
        {
            throw Failure(errno, original, "delete");
        }

        if (depth >= MaxTreeDepth)
        {
            throw new WorkspaceFileConflictException($"'{original}' is nested more than {MaxTreeDepth} directories deep and is not deleted.");
        }

        // O_NOFOLLOW: if the directory was swapped for a symlink meanwhile, this fails instead of descending elsewhere.
        var fd = OpenAt(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
        if (fd < 0)
        {
            throw Failure(Marshal.GetLastPInvokeError(), original, "delete");
        }

        using (var directory = new SafeFileHandle(fd, ownsHandle: true))
        {
            foreach (var entry in EntryNames(fd))
            {
                DeleteEntry(fd, entry, original + "/" + entry, depth + 1);
            }
        }

        Check(UnlinkAt(parent, name, AT_REMOVEDIR), original, "delete");
    }

    /// <summary>The names in an open directory, read through its /proc/self/fd link (which names that very directory, whatever happens to its path).</summary>
    private static List<string> EntryNames(int directory)
    {
        var names = new List<string>();
        foreach (var entry in Directory.EnumerateFileSystemEntries(string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{directory}")))
        {
            names.Add(Path.GetFileName(entry));
        }

        return names;
    }

    private static string? ReadLink(int directory, string name)
    {
        try
        {
            return new FileInfo(string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{directory}/{name}")).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static StatX StatOf(SafeFileHandle file, string original)
    {
        Check(Statx(Fd(file), "", AT_EMPTY_PATH, STATX_TYPE | STATX_SIZE, out var stat), original, "read");
        return stat;
    }

    private static long? DirectoryStamp(int fd) =>
        Statx(fd, "", AT_EMPTY_PATH, STATX_TYPE | STATX_MTIME, out var stat) == 0 && (stat.Mode & S_IFMT) == S_IFDIR
            ? (stat.ModifiedSeconds * 1_000_000_000L) + stat.ModifiedNanoseconds
            : null;

    private static int Fd(SafeFileHandle handle) => (int)handle.DangerousGetHandle();

    private static void Check(int result, string original, string operation)
    {
        if (result != 0)
        {
            throw Failure(Marshal.GetLastPInvokeError(), original, operation);
        }
    }

    private WorkspaceFileTooLargeException TooLarge(string original, long size) => new(string.Create(
        CultureInfo.InvariantCulture,
        $"'{original}' is {size / 1048576.0:0.0} MiB ({size} bytes), more than the {_maxFileBytes / 1048576.0:0.#} MiB Vibe opens or saves at once; work on larger files in the terminal (for example with less, tail or split)."));

    /// <summary>Turns an errno into an exception whose message says what is wrong with the path.</summary>
    private static Exception Failure(int errno, string original, string operation) => errno switch
    {
        EXDEV => new WorkspacePathException(
            $"'{original}' leads outside the workspace through a symbolic link; Vibe follows only links that stay inside the workspace (and no absolute ones)."),
        ELOOP => new WorkspacePathException($"'{original}' goes through too many symbolic links, or is a symbolic link where a file or directory is needed."),
        ENOENT => new WorkspaceFileNotFoundException($"'{original}' does not exist in the workspace (cannot {operation} it)."),
        ENOTDIR => new WorkspaceFileConflictException($"'{original}': a part of the path is a file, not a directory (cannot {operation} it)."),
        EISDIR => new WorkspaceFileConflictException($"'{original}' is a directory (cannot {operation} it)."),
        EEXIST => new WorkspaceFileConflictException($"'{original}' already exists."),
        ENOTEMPTY => new WorkspaceFileConflictException($"'{original}' is a directory that is not empty."),
        ENAMETOOLONG => new WorkspacePathException($"'{original}' is too long."),
        EACCES or EPERM => new ForbiddenException($"Permission denied: cannot {operation} '{original}'."),
        ENOSPC or EDQUOT => new WorkspaceFileConflictException($"No space left for the workspace: cannot {operation} '{original}'."),
        ENOSYS => new PlatformNotSupportedException("The workspace file API needs Linux 5.6 or later (openat2)."),
        _ => new WorkspaceFileConflictException(string.Create(CultureInfo.InvariantCulture, $"Cannot {operation} '{original}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).")),
    };
}
