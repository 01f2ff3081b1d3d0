using System.Diagnostics;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;

namespace Vibe.Grains.Tests;

[Collection(WorkspaceCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class WorkspaceFileTests(WorkspaceFileTests.Fixture fixture) : IClassFixture<WorkspaceFileTests.Fixture>
{
    private const long MaxFileBytes = 1024 * 1024;

    private WorkspaceSilo Silo => fixture.Silo;

    [Fact]
    public async Task Files_are_written_read_listed_moved_and_deleted_inside_the_workspace()
    {
        var workspace = await Silo.CreateAsync();
        var directory = await DirectoryOfAsync(workspace);

        await workspace.WriteFile("src/app/main.js", Encoding.UTF8.GetBytes("hello"));
        await workspace.WriteFile("README.md", Encoding.UTF8.GetBytes("# readme"));

        Assert.Equal("hello", Encoding.UTF8.GetString(await workspace.ReadFile("src/app/main.js")));
        Assert.Equal("hello", Encoding.UTF8.GetString(await workspace.ReadFile("./src//app/main.js")));
        var root = await workspace.ListFiles("");
        Assert.Equal([("src", WorkspaceFileKind.Directory), ("README.md", WorkspaceFileKind.File)], root.Select(e => (e.Name, e.Kind)));
        var file = Assert.Single(await workspace.ListFiles("src/app"));
        Assert.Equal(("main.js", WorkspaceFileKind.File, 5L), (file.Name, file.Kind, file.Size));
        Assert.InRange(file.Modified, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        if (Environment.IsPrivilegedProcess)
        {
            Assert.Equal("64000:64000", await FileOwner.OfAsync(Path.Combine(directory, "src/app/main.js")));
            Assert.Equal("64000:64000", await FileOwner.OfAsync(Path.Combine(directory, "src/app")));
        }

        // Rewriting keeps the permissions (an executable stays executable).
        File.SetUnixFileMode(Path.Combine(directory, "src/app/main.js"), (UnixFileMode)0b111_101_101);
        await workspace.WriteFile("src/app/main.js", Encoding.UTF8.GetBytes("hello again"));
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(Path.Combine(directory, "src/app/main.js")));

        await workspace.MoveFile("src/app/main.js", "lib/main.js");
        Assert.Equal("hello again", Encoding.UTF8.GetString(await workspace.ReadFile("lib/main.js")));
        var gone = await Assert.ThrowsAsync<WorkspaceFileNotFoundException>(() => workspace.ReadFile("src/app/main.js"));
        Assert.Contains("'src/app/main.js' does not exist in the workspace", gone.Message, StringComparison.Ordinal);
        var exists = await Assert.ThrowsAsync<WorkspaceFileConflictException>(() => workspace.MoveFile("README.md", "lib/main.js"));
        Assert.Contains("'lib/main.js' already exists", exists.Message, StringComparison.Ordinal);

        await workspace.DeleteFile("src");
        await workspace.DeleteFile("README.md");
        Assert.Equal([("lib", WorkspaceFileKind.Directory)], (await workspace.ListFiles(".")).Select(e => (e.Name, e.Kind)));
        Assert.Equal(["lib", "main.js"], Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_container_and_the_file_api_see_each_others_files()
    {
        var workspace = await Silo.StartWorkspaceAsync();

        await workspace.WriteFile("tools/hello.sh", Encoding.UTF8.GetBytes("echo from-script\n"));
        var run = await workspace.Exec(["sh", "-c", "sh /workspace/tools/hello.sh && echo appended >> /workspace/tools/hello.sh && echo made-inside > /workspace/out.txt"], TimeSpan.FromSeconds(10));
        Assert.Equal((0, "from-script\n"), (run.ExitCode, run.Stdout));
        Assert.Equal("echo from-script\nappended\n", Encoding.UTF8.GetString(await workspace.ReadFile("tools/hello.sh")));
        Assert.Equal("made-inside\n", Encoding.UTF8.GetString(await workspace.ReadFile("out.txt")));

        // A symlink planted from inside the container does not lead the silo out.
        Assert.Equal(0, (await workspace.Exec(["ln", "-s", "/etc", "/workspace/evil"], TimeSpan.FromSeconds(10))).ExitCode);
        var refused = await Assert.ThrowsAsync<WorkspacePathException>(() => workspace.ReadFile("evil/passwd"));
        Assert.Contains("'evil/passwd' leads outside the workspace through a symbolic link", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../x", "contains a '..' segment")]
    [InlineData("a/../../x", "contains a '..' segment")]
    [InlineData("a/..", "contains a '..' segment")]
    [InlineData("/etc/passwd", "is absolute; give a path relative to the workspace root")]
    [InlineData("a\0b", "contains a control character (U+0000) at position 1")]
    [InlineData("a\nb", "contains a control character (U+000A) at position 1")]
    [InlineData("", "names the workspace root itself")]
    public async Task Unsafe_paths_are_refused_by_every_operation_with_a_message_saying_why(string path, string reason)
    {
        var workspace = await Silo.CreateAsync();
        await workspace.WriteFile("a.txt", [1, 2, 3]);
        var sentinel = CreateSentinel();

        var attempts = new List<Func<Task>>
        {
            () => workspace.ReadFile(path),
            () => workspace.WriteFile(path, [42]),
            () => workspace.DeleteFile(path),
            () => workspace.MoveFile("a.txt", path),
            () => workspace.MoveFile(path, "b.txt"),
        };
        if (path.Length > 0)
        {
            attempts.Add(() => workspace.ListFiles(path));
        }

        foreach (var attempt in attempts)
        {
            var refused = await Assert.ThrowsAsync<WorkspacePathException>(attempt);
            Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        }

        Assert.Equal([1, 2, 3], await workspace.ReadFile("a.txt"));
        Assert.Equal(["a.txt"], (await workspace.ListFiles("")).Select(e => e.Name));
        sentinel.AssertUntouched();
    }

    [Fact]
    public async Task Symlinks_that_leave_the_workspace_are_refused_and_nothing_outside_is_touched()
    {
        var workspace = await Silo.CreateAsync();
        var directory = await DirectoryOfAsync(workspace);
        var sentinel = CreateSentinel();
        var passwd = SHA256.HashData(await File.ReadAllBytesAsync("/etc/passwd"));
        Directory.CreateDirectory(Path.Combine(directory, "sub"));
        await File.WriteAllTextAsync(Path.Combine(directory, "sub", "inner.txt"), "inner");
        await File.WriteAllTextAsync(Path.Combine(directory, "a.txt"), "a");
        File.CreateSymbolicLink(Path.Combine(directory, "out-dir"), sentinel.Path);
        File.CreateSymbolicLink(Path.Combine(directory, "out-file"), Path.Combine(sentinel.Path, "secret.txt"));
        File.CreateSymbolicLink(Path.Combine(directory, "etc"), "/etc");
        File.CreateSymbolicLink(Path.Combine(directory, "up"), "../..");
        File.CreateSymbolicLink(Path.Combine(directory, "in-dir"), "sub");

        var outside = new List<(string What, Func<Task> Attempt)>
        {
            ("read through a link to a directory outside", () => workspace.ReadFile("out-dir/secret.txt")),
            ("read a link to a file outside", () => workspace.ReadFile("out-file")),
            ("read /etc/passwd through a link to /etc", () => workspace.ReadFile("etc/passwd")),
            ("read through a relative link climbing out", () => workspace.ReadFile($"up/{Path.GetFileName(sentinel.Path)}/secret.txt")),
            ("list a directory outside", () => workspace.ListFiles("out-dir")),
            ("list /etc", () => workspace.ListFiles("etc")),
            ("write into a directory outside", () => workspace.WriteFile("out-dir/new.txt", [1])),
            ("write through a link to a file outside", () => workspace.WriteFile("out-file", [1])),
            ("write /etc/passwd", () => workspace.WriteFile("etc/passwd", [1])),
            ("create directories outside", () => workspace.WriteFile("out-dir/deeper/new.txt", [1])),
            ("move a file outside", () => workspace.MoveFile("a.txt", "out-dir/a.txt")),
            ("move a file in from outside", () => workspace.MoveFile("out-dir/secret.txt", "stolen.txt")),
            ("delete a file outside", () => workspace.DeleteFile("out-dir/secret.txt")),
        };
        foreach (var (what, attempt) in outside)
        {
            var refused = await Assert.ThrowsAsync<WorkspacePathException>(attempt);
            Assert.True(refused.Message.Contains("leads outside the workspace through a symbolic link", StringComparison.Ordinal), $"{what}: {refused.Message}");
        }

        // Links that stay inside work, and deleting a link removes the link, not its target.
        Assert.Equal("inner", Encoding.UTF8.GetString(await workspace.ReadFile("in-dir/inner.txt")));
        await workspace.WriteFile("in-dir/new.txt", Encoding.UTF8.GetBytes("via link"));
        Assert.Equal("via link", await File.ReadAllTextAsync(Path.Combine(directory, "sub", "new.txt")));
        var listing = await workspace.ListFiles("");
        Assert.Contains(listing, e => e.Name == "out-dir" && e.Kind == WorkspaceFileKind.Symlink && e.LinkTarget == sentinel.Path);
        await workspace.DeleteFile("out-dir");
        await workspace.DeleteFile("etc");
        Assert.False(File.Exists(Path.Combine(directory, "out-dir")) || Directory.Exists(Path.Combine(directory, "out-dir")));

        sentinel.AssertUntouched();
        Assert.Equal(passwd, SHA256.HashData(await File.ReadAllBytesAsync("/etc/passwd")));
        Assert.False(File.Exists("/etc/new.txt"));
    }

    [Fact]
    public async Task A_container_swapping_a_directory_for_an_outside_symlink_cannot_make_a_write_land_outside()
    {
        var workspace = await Silo.StartWorkspaceAsync();
        var sentinel = CreateSentinel();

        // Inside the container, "swap" flips between a real directory and a symlink to the sentinel (a host path) as fast as it can.
        // Run straight on the engine: through the grain, the command would hold the grain's turn and the writes would wait for it.
        // Whether a write meets the symlink is a race (the writes can keep the directory from emptying for rm -rf), so the
        // flipping runs in rounds of 3 s until some write did, at most 5.
        var written = 0;
        var refusedOutside = 0;
        var attempts = 0;
        for (var round = 0; round < 5 && refusedOutside == 0; round++)
        {
            var flipper = Silo.Runtime.ExecAsync(
                (await workspace.GetInfo()).ContainerId!,
                ["timeout", "3", "sh", "-c", $"while :; do rm -rf /workspace/swap; mkdir /workspace/swap; rm -rf /workspace/swap; ln -s {sentinel.Path} /workspace/swap; done"],
                TimeSpan.FromSeconds(10));

            while (!flipper.IsCompleted)
            {
                try
                {
                    await workspace.WriteFile($"swap/file-{attempts++}", [1]);
                    written++;
                }
                catch (WorkspacePathException)
                {
                    refusedOutside++;
                }
                catch (IOException)
                {
                    // The directory vanished between steps (or the name is a dangling link): refused, which is fine.
                }
            }

            await flipper;
        }

        Assert.True(attempts > 20, $"only {attempts} attempts");
        Assert.True(refusedOutside > 0, $"no write met the symlink in {attempts} attempts ({written} written)");
        sentinel.AssertUntouched();
    }

    [Fact]
    public async Task Files_over_the_size_cap_are_refused_with_the_sizes_in_the_message()
    {
        var workspace = await Silo.CreateAsync();
        var directory = await DirectoryOfAsync(workspace);

        await workspace.WriteFile("exactly-the-cap.bin", new byte[MaxFileBytes]);
        Assert.Equal(MaxFileBytes, (await workspace.ReadFile("exactly-the-cap.bin")).LongLength);

        var tooBig = await Assert.ThrowsAsync<WorkspaceFileTooLargeException>(() => workspace.WriteFile("big.bin", new byte[MaxFileBytes + 1]));
        Assert.Contains("more than the 1 MiB Vibe opens or saves at once", tooBig.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, "big.bin")));

        await File.WriteAllBytesAsync(Path.Combine(directory, "huge.bin"), new byte[2 * MaxFileBytes]);
        var tooBigToRead = await Assert.ThrowsAsync<WorkspaceFileTooLargeException>(() => workspace.ReadFile("huge.bin"));
        Assert.Contains("'huge.bin' is 2.0 MiB (2097152 bytes)", tooBigToRead.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Directories_and_special_files_are_listed_but_not_read()
    {
        var workspace = await Silo.CreateAsync();
        var directory = await DirectoryOfAsync(workspace);
        await workspace.WriteFile("dir/file.txt", [1]);
        using (var mkfifo = Process.Start("mkfifo", [Path.Combine(directory, "pipe")]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var isDirectory = await Assert.ThrowsAsync<WorkspaceFileConflictException>(() => workspace.ReadFile("dir"));
        Assert.Contains("'dir' is a directory", isDirectory.Message, StringComparison.Ordinal);

        // A FIFO would block a plain open until a writer came: it must fail at once instead.
        var pipe = await Assert.ThrowsAsync<WorkspaceFileConflictException>(() => workspace.ReadFile("pipe"));
        Assert.Contains("is not a regular file", pipe.Message, StringComparison.Ordinal);
        Assert.Contains(await workspace.ListFiles(""), e => e.Name == "pipe" && e.Kind == WorkspaceFileKind.Other);

        var notADirectory = await Assert.ThrowsAsync<WorkspaceFileConflictException>(() => workspace.ListFiles("dir/file.txt"));
        Assert.Contains("not a directory", notADirectory.Message, StringComparison.Ordinal);
    }

    private async Task<string> DirectoryOfAsync(IWorkspaceGrain workspace) => Path.Combine(Silo.Root, (await workspace.GetInfo()).Id);

    /// <summary>A directory beside the workspaces' root, with one file, that no operation may change.</summary>
    private Sentinel CreateSentinel()
    {
        var path = Path.Combine(Path.GetDirectoryName(Silo.Root)!, $"outside-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "secret.txt"), "secret");
        return new Sentinel(path);
    }

    private sealed record Sentinel(string Path)
    {
        public void AssertUntouched()
        {
            Assert.Equal(["secret.txt"], Directory.EnumerateFileSystemEntries(Path).Select(System.IO.Path.GetFileName));
            Assert.Equal("secret", File.ReadAllText(System.IO.Path.Combine(Path, "secret.txt")));
        }
    }

    public sealed class Fixture : WorkspaceSiloFixture
    {
        protected override void Configure(WorkspaceOptions options) => options.MaxFileBytes = MaxFileBytes;
    }
}
