using System.Globalization;
using System.IO.Compression;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.Grains.Workspaces.Files;

namespace Vibe.WebFront.Workspaces;

/// <summary>
/// A folder of a workspace as a zip archive, read through the workspace grain's file API (in a cluster the files are on
/// another machine). Listed whole before anything is sent, so a folder over the limits is refused with 413 and a reason
/// instead of a cut-off download; then streamed file by file. Symbolic links and special files are left out: a link may
/// point anywhere, and inside the archive it would mean something else.
/// </summary>
internal sealed class WorkspaceArchive
{
    private readonly List<Entry> _entries;

    private WorkspaceArchive(List<Entry> entries) => _entries = entries;

    /// <summary>How many files and folders the archive holds.</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// Lists <paramref name="folder"/> and everything under it. Throws <see cref="WorkspaceFileTooLargeException"/> saying
    /// why when it holds more than the limits allow or a file larger than the file API reads.
    /// </summary>
    public static async Task<WorkspaceArchive> ListAsync(IWorkspaceGrain grain, WorkspacePath folder, FileTransferOptions limits, long maxFileBytes)
    {
        var shownName = folder.IsRoot ? "The workspace" : $"'{folder.Relative}'";
        var prefix = folder.IsRoot ? "" : folder.Name + "/";
        var entries = new List<Entry>();
        var pending = new Queue<(string Path, string EntryName)>();
        pending.Enqueue((folder.IsRoot ? "" : folder.Relative, prefix));
        long bytes = 0;
        while (pending.TryDequeue(out var directory))
        {
            foreach (var child in await grain.ListFiles(directory.Path))
            {
                var path = directory.Path.Length == 0 ? child.Name : directory.Path + "/" + child.Name;
                var entryName = directory.EntryName + child.Name;
                switch (child.Kind)
                {
                    case WorkspaceFileKind.Directory:
                        entries.Add(new Entry(path, entryName + "/", IsDirectory: true, child.Modified));
                        pending.Enqueue((path, entryName + "/"));
                        break;
                    case WorkspaceFileKind.File when child.Size > maxFileBytes:
                        throw new WorkspaceFileTooLargeException(
                            $"'{path}' is {FileSizes.Describe(child.Size)}; files over {FileSizes.Describe(maxFileBytes)} cannot be downloaded through the browser, so this folder cannot be zipped whole. Download its other folders, or move the large file out of it first.");
                    case WorkspaceFileKind.File:
                        bytes += child.Size;
                        entries.Add(new Entry(path, entryName, IsDirectory: false, child.Modified));
                        break;
                    default:
                        continue; // a symbolic link or a special file
                }

                if (entries.Count > limits.MaxArchiveEntries)
                {
                    throw new WorkspaceFileTooLargeException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{shownName} holds more than {limits.MaxArchiveEntries} files and folders, the most one zip download holds. Download a smaller folder."));
                }

                if (bytes > limits.MaxArchiveBytes)
                {
                    throw new WorkspaceFileTooLargeException(
                        $"{shownName} holds more than {FileSizes.Describe(limits.MaxArchiveBytes)} of files, the most one zip download holds. Download a smaller folder.");
                }
            }
        }

        return new WorkspaceArchive(entries);
    }

    /// <summary>Writes the archive to <paramref name="destination"/>, reading each file as it goes; a file removed since it was listed is left out.</summary>
    public async Task WriteAsync(IWorkspaceGrain grain, Stream destination, CancellationToken cancellationToken)
    {
        await using var held = new HeldWritesStream(destination);
        await using (var zip = await ZipArchive.CreateAsync(held, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken))
        {
            foreach (var item in _entries)
            {
                byte[] content = [];
                if (!item.IsDirectory)
                {
                    try
                    {
                        content = await grain.ReadFile(item.Path);
                    }
                    catch (Exception gone) when (gone is FileNotFoundException or DirectoryNotFoundException)
                    {
                        continue;
                    }
                }

                var entry = zip.CreateEntry(item.EntryName, item.IsDirectory ? CompressionLevel.NoCompression : CompressionLevel.Fastest);
                entry.LastWriteTime = ZipTime(item.Modified);
                await using (var stream = await entry.OpenAsync(cancellationToken))
                {
                    await stream.WriteAsync(content, cancellationToken);
                }

                await held.FlushAsync(cancellationToken);
            }
        }

        await held.FlushAsync(cancellationToken);
    }

    /// <summary>Zip stores local times from 1980 to 2107.</summary>
    private static DateTimeOffset ZipTime(DateTimeOffset modified)
    {
        var earliest = new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var latest = new DateTimeOffset(2107, 12, 31, 0, 0, 0, TimeSpan.Zero);
        return modified < earliest ? earliest : modified > latest ? latest : modified;
    }

    private sealed record Entry(string Path, string EntryName, bool IsDirectory, DateTimeOffset Modified);
}
