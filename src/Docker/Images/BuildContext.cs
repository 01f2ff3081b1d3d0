using System.Formats.Tar;

namespace Vibe.Docker.Images;

/// <summary>An image build context: a tar archive assembled in memory.</summary>
public sealed class BuildContext : IDisposable
{
    private readonly MemoryStream _archive = new();
    private readonly TarWriter _writer;
    private bool _completed;

    public BuildContext()
    {
        _writer = new TarWriter(_archive, TarEntryFormat.Pax, leaveOpen: true);
    }

    /// <summary>Adds a file; <paramref name="mode"/> is octal-style Unix permission bits (0o644 by default).</summary>
    public BuildContext AddFile(string path, ReadOnlySpan<byte> content, UnixFileMode mode = DefaultFileMode, int uid = 0, int gid = 0)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, path)
        {
            Mode = mode,
            Uid = uid,
            Gid = gid,
            ModificationTime = DateTimeOffset.UnixEpoch,
            DataStream = new MemoryStream(content.ToArray(), writable: false),
        };
        Write(entry);
        return this;
    }

    public BuildContext AddDirectory(string path, UnixFileMode mode = DefaultDirectoryMode, int uid = 0, int gid = 0)
    {
        Write(new PaxTarEntry(TarEntryType.Directory, path.EndsWith('/') ? path : path + "/")
        {
            Mode = mode,
            Uid = uid,
            Gid = gid,
            ModificationTime = DateTimeOffset.UnixEpoch,
        });
        return this;
    }

    /// <summary>Finishes the archive and returns it, positioned at its start. The context owns the stream.</summary>
    public Stream ToStream()
    {
        if (!_completed)
        {
            _writer.Dispose();
            _completed = true;
        }

        _archive.Position = 0;
        return _archive;
    }

    public const UnixFileMode DefaultFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public const UnixFileMode DefaultDirectoryMode = DefaultFileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public const UnixFileMode ExecutableMode = DefaultDirectoryMode;

    private void Write(TarEntry entry)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        _writer.WriteEntry(entry);
        entry.DataStream?.Dispose();
    }

    public void Dispose()
    {
        _writer.Dispose();
        _archive.Dispose();
    }
}
