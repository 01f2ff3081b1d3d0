using Vibe.Grains.Workspaces;

namespace Vibe.Grains.Tests;

/// <summary>The disk quota's measure: file sizes under the workspace directory, hidden files included, links not followed.</summary>
public sealed class WorkspaceDiskUsageTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("vibe-disk-usage-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void Counts_every_file_below_the_directory_once_and_stops_early_past_the_limit()
    {
        var outside = Directory.CreateDirectory(Path.Combine(_root.FullName, "outside"));
        File.WriteAllBytes(Path.Combine(outside.FullName, "huge.bin"), new byte[50_000]);
        var workspace = Directory.CreateDirectory(Path.Combine(_root.FullName, "workspace"));
        File.WriteAllBytes(Path.Combine(workspace.FullName, "a.txt"), new byte[1000]);
        var nested = Directory.CreateDirectory(Path.Combine(workspace.FullName, ".hidden", "deep"));
        File.WriteAllBytes(Path.Combine(nested.FullName, "b.bin"), new byte[2000]);
        Directory.CreateSymbolicLink(Path.Combine(workspace.FullName, "link-to-outside"), outside.FullName);
        File.CreateSymbolicLink(Path.Combine(workspace.FullName, "file-link"), Path.Combine(outside.FullName, "huge.bin"));

        Assert.Equal(3000, WorkspaceDiskUsage.Measure(workspace.FullName, long.MaxValue));
        Assert.InRange(WorkspaceDiskUsage.Measure(workspace.FullName, 1500), 1501, 3000);
        Assert.Equal(0, WorkspaceDiskUsage.Measure(Path.Combine(_root.FullName, "missing"), long.MaxValue));
    }
}
