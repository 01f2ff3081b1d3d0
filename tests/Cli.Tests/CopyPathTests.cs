using System.Formats.Tar;
using Vibe.Cli.Files;

namespace Vibe.Cli.Tests;

/// <summary><c>vibe cp</c>'s pure parts: which argument is remote, paths confined to /workspace, and archives from the workspace that try to escape.</summary>
public sealed class CopyPathTests
{
    [Theory]
    [InlineData("ws:src/app.js", true)]
    [InlineData("ws:/workspace/x", true)]
    [InlineData("ws:", true)]
    [InlineData("./a:b", false)]
    [InlineData("/tmp/a:b", false)]
    [InlineData("plain.txt", false)]
    public void IsRemote_needs_a_colon_before_any_slash(string argument, bool remote) => Assert.Equal(remote, RemotePath.IsRemote(argument));

    [Theory]
    [InlineData("ws:src/./app.js", "src/app.js", false)]
    [InlineData("ws:/workspace/src/", "src", true)]
    [InlineData("ws:/workspace", "", true)]
    [InlineData("ws:a/../b", "b", false)]
    public void Parse_normalizes_relative_to_workspace(string argument, string path, bool namesDirectory)
    {
        var parsed = RemotePath.Parse(argument);
        Assert.Equal("ws", parsed.Workspace);
        Assert.Equal(path, parsed.Path);
        Assert.Equal(namesDirectory, parsed.NamesDirectory);
    }

    [Theory]
    [InlineData("ws:/etc/passwd")]
    [InlineData("ws:../etc/passwd")]
    [InlineData("ws:/workspace/../etc")]
    public void Parse_refuses_paths_outside_workspace(string argument) =>
        Assert.Throws<CliException>(() => RemotePath.Parse(argument));

    [Fact]
    public void Unpack_refuses_entries_outside_the_root_before_writing_them()
    {
        var destination = Directory.CreateTempSubdirectory("vibe-unpack-").FullName;
        try
        {
            using var archive = new MemoryStream();
            using (var writer = new TarWriter(archive, TarEntryFormat.Gnu, leaveOpen: true))
            {
                writer.WriteEntry(new GnuTarEntry(TarEntryType.Directory, "root/"));
                writer.WriteEntry(new GnuTarEntry(TarEntryType.RegularFile, "root/../escaped.txt") { DataStream = new MemoryStream([1, 2, 3]) });
            }

            archive.Position = 0;
            var refused = Assert.Throws<CliException>(() => TarArchive.Unpack(archive, "root", Path.Combine(destination, "out")));

            Assert.Contains("root/../escaped.txt", refused.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(destination, "escaped.txt")));
        }
        finally
        {
            Directory.Delete(destination, recursive: true);
        }
    }
}
