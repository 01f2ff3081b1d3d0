using System.Formats.Tar;
using Vibe.Cli.Output;

namespace Vibe.Cli.Files;

/// <summary>
/// The tar archives <c>vibe cp</c> moves folders and large files in (GNU format, which busybox and GNU tar both read).
/// Every entry lives under one root entry named as the copy's destination, so a copy can rename what it copies.
/// </summary>
internal static class TarArchive
{
    /// <summary>Writes <paramref name="source"/> (a file, or a folder with everything in it) to <paramref name="archive"/> as <paramref name="rootName"/>.</summary>
    public static void Pack(FileSystemInfo source, string rootName, Stream archive)
    {
        using var writer = new TarWriter(archive, TarEntryFormat.Gnu, leaveOpen: true);
        writer.WriteEntry(source.FullName, rootName);
        if (source is DirectoryInfo directory)
        {
            PackChildren(writer, directory, rootName);
        }
    }

    /// <summary>
    /// Extracts <paramref name="archive"/>, whose root entry is <paramref name="rootName"/>, to <paramref name="destination"/>
    /// (the root becomes that path). Entries outside the root or leading out of it are refused: the archive comes from
    /// the workspace, which vibe does not trust with the local disk. Symbolic links are made last, so that no file is
    /// written through one; hard links and devices are skipped.
    /// </summary>
    public static void Unpack(Stream archive, string rootName, string destination)
    {
        using var reader = new TarReader(archive, leaveOpen: true);
        var links = new List<(string Path, string Target)>();
        var skipped = 0;
        while (reader.GetNextEntry() is { } entry)
        {
            var path = LocalPath(entry.Name, rootName, destination);
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(path);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    entry.ExtractToFile(path, overwrite: true);
                    break;
                case TarEntryType.SymbolicLink:
                    links.Add((path, entry.LinkName));
                    break;
                default:
                    skipped++;
                    break;
            }
        }

        foreach (var (path, target) in links)
        {
            if (new FileInfo(path).LinkTarget is not null || File.Exists(path))
            {
                File.Delete(path);
            }
            else if (Directory.Exists(path))
            {
                // A local folder is not replaced by a link.
                skipped++;
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.CreateSymbolicLink(path, target);
        }

        if (skipped > 0)
        {
            Consoles.WriteWarning($"{skipped} entries were not copied: hard links, devices, or links that would replace a local folder.");
        }
    }

    private static void PackChildren(TarWriter writer, DirectoryInfo directory, string entryPrefix)
    {
        foreach (var child in directory.EnumerateFileSystemInfos().OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            var name = $"{entryPrefix}/{child.Name}";
            writer.WriteEntry(child.FullName, name);

            // A linked folder is copied as the link, not followed (which could loop).
            if (child is DirectoryInfo subdirectory && subdirectory.LinkTarget is null)
            {
                PackChildren(writer, subdirectory, name);
            }
        }
    }

    private static string LocalPath(string entryName, string rootName, string destination)
    {
        var segments = entryName.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToList();
        if (segments.Count == 0 || segments[0] != rootName || segments.Contains(".."))
        {
            throw new CliException($"The archive from the workspace holds '{entryName}', which is not under '{rootName}'; nothing more was copied.");
        }

        return segments.Count == 1 ? destination : Path.Combine([destination, .. segments.Skip(1)]);
    }
}
