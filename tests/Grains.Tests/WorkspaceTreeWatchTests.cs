using System.Runtime.Versioning;
using Vibe.Grains.Workspaces;
using Vibe.Grains.Workspaces.Files;

namespace Vibe.Grains.Tests;

/// <summary>The file tree watch's polls against a real directory (no Docker needed): what changed, where, and within which bounds.</summary>
[SupportedOSPlatform("linux")]
public sealed class WorkspaceTreeWatchTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "vibe-tree-" + Guid.NewGuid().ToString("N"));

    public WorkspaceTreeWatchTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "src", "deep"));
        File.WriteAllText(Path.Combine(_root, "readme.md"), "hello");
    }

    private WorkspaceFileSystem Files => new(_root, 1000, chown: false, 1024 * 1024);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void The_first_poll_reports_nothing_and_later_ones_report_the_directories_whose_entries_changed()
    {
        var watch = new WorkspaceTreeWatch(1000, new HashSet<string>());
        Assert.Empty(watch.Poll(Files, DateTimeOffset.UtcNow));
        Assert.Equal(3, watch.Directories);

        File.WriteAllText(Path.Combine(_root, "made-in-a-terminal.txt"), "x");
        File.WriteAllText(Path.Combine(_root, "src", "deep", "by-the-agent.cs"), "y");
        Assert.Equal(["", "src/deep"], Sorted(watch.Poll(Files, DateTimeOffset.UtcNow)));

        // Nothing changed: nothing reported, however often it is asked.
        Assert.Empty(watch.Poll(Files, DateTimeOffset.UtcNow.AddSeconds(5)));

        Directory.CreateDirectory(Path.Combine(_root, "src", "new"));
        File.WriteAllText(Path.Combine(_root, "src", "new", "inside.txt"), "z");
        Assert.Equal(["src"], watch.Poll(Files, DateTimeOffset.UtcNow));
        File.WriteAllText(Path.Combine(_root, "src", "new", "second.txt"), "z");
        Assert.Equal(["src/new"], watch.Poll(Files, DateTimeOffset.UtcNow));

        File.Move(Path.Combine(_root, "readme.md"), Path.Combine(_root, "README.md"));
        Directory.Delete(Path.Combine(_root, "src", "deep"), recursive: true);
        Assert.Equal(["", "src"], Sorted(watch.Poll(Files, DateTimeOffset.UtcNow)));
        Assert.Equal(3, watch.Directories);
    }

    [Fact]
    public void A_second_change_within_the_same_clock_tick_is_still_reported()
    {
        var watch = new WorkspaceTreeWatch(1000, new HashSet<string>());
        watch.Poll(Files, DateTimeOffset.UtcNow);
        File.WriteAllText(Path.Combine(_root, "one.txt"), "1");
        Assert.Equal([""], watch.Poll(Files, DateTimeOffset.UtcNow));

        // Made right after the poll: the directory's time may not have moved, but it changed less than a second ago, so it is listed again.
        File.WriteAllText(Path.Combine(_root, "two.txt"), "2");
        Assert.Equal([""], watch.Poll(Files, DateTimeOffset.UtcNow));
    }

    [Fact]
    public void Skipped_directories_and_directories_past_the_bound_are_not_watched_inside()
    {
        Directory.CreateDirectory(Path.Combine(_root, "node_modules", "pkg"));
        var skipping = new WorkspaceTreeWatch(1000, new HashSet<string> { "node_modules" });
        skipping.Poll(Files, DateTimeOffset.UtcNow);
        File.WriteAllText(Path.Combine(_root, "node_modules", "pkg", "index.js"), "");
        Assert.Empty(skipping.Poll(Files, DateTimeOffset.UtcNow));
        Assert.False(skipping.Truncated);

        // Two entries at the root (readme.md, src) fill the bound: src is listed there but not watched inside.
        var bounded = new WorkspaceTreeWatch(2, new HashSet<string>());
        bounded.Poll(Files, DateTimeOffset.UtcNow);
        Assert.True(bounded.Truncated);
        File.WriteAllText(Path.Combine(_root, "src", "unseen.txt"), "");
        Assert.Empty(bounded.Poll(Files, DateTimeOffset.UtcNow));
    }

    [Fact]
    public void A_symlinked_directory_is_an_entry_but_is_not_followed()
    {
        var outside = Directory.CreateTempSubdirectory("vibe-tree-outside-").FullName;
        try
        {
            File.CreateSymbolicLink(Path.Combine(_root, "link"), outside);
            var watch = new WorkspaceTreeWatch(1000, new HashSet<string>());
            watch.Poll(Files, DateTimeOffset.UtcNow);
            File.WriteAllText(Path.Combine(outside, "secret.txt"), "");
            Assert.Empty(watch.Poll(Files, DateTimeOffset.UtcNow));
            Assert.Equal(3, watch.Directories);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    private static string[] Sorted(IReadOnlyList<string> paths) => [.. paths.Order(StringComparer.Ordinal)];
}
