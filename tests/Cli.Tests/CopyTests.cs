using System.Security.Cryptography;

namespace Vibe.Cli.Tests;

/// <summary><c>vibe cp</c> both ways: a 20 MB file (in parts, through tar), a folder tree, and a small file.</summary>
[Collection(CliCollection.Name)]
public sealed class CopyTests(CliServer server)
{
    [Fact]
    public async Task A_20_megabyte_file_goes_in_and_comes_back_identical()
    {
        var ada = await server.SignUpAsync("mover");
        var id = await ada.CreateRunningWorkspaceAsync("big-files");
        var local = Path.Combine(ada.Home, "big.bin");
        var content = RandomNumberGenerator.GetBytes(20 * 1024 * 1024);
        await File.WriteAllBytesAsync(local, content);
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));

        var upload = await ada.RunAsync("cp", local, $"{id}:data/big.bin");
        Assert.True(upload.ExitCode == 0, upload.ToString());

        var remoteHash = await ada.RunAsync("exec", id, "--", "sha256sum", "/workspace/data/big.bin");
        Assert.StartsWith(hash, remoteHash.Stdout, StringComparison.Ordinal);
        var leftovers = await ada.RunAsync("exec", id, "--", "ls", "-A", "/workspace");
        Assert.Equal("data\n", leftovers.Stdout);

        var back = Path.Combine(ada.Home, "back.bin");
        var download = await ada.RunAsync("cp", $"{id}:/workspace/data/big.bin", back);
        Assert.True(download.ExitCode == 0, download.ToString());
        Assert.Equal(hash, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(back))));
        Assert.Equal("data\n", (await ada.RunAsync("exec", id, "--", "ls", "-A", "/workspace")).Stdout);
    }

    [Fact]
    public async Task A_folder_goes_inside_an_existing_folder_and_comes_back_whole()
    {
        var ada = await server.SignUpAsync("packer");
        var id = await ada.CreateRunningWorkspaceAsync("folders");
        var project = Path.Combine(ada.Home, "project");
        Directory.CreateDirectory(Path.Combine(project, "src", "deep"));
        await File.WriteAllTextAsync(Path.Combine(project, "README.md"), "# hello\n");
        await File.WriteAllTextAsync(Path.Combine(project, "src", "app.js"), "console.log('hi');\n");
        await File.WriteAllTextAsync(Path.Combine(project, "src", "deep", "space name.txt"), "spaces too\n");
        File.SetUnixFileMode(Path.Combine(project, "src", "app.js"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        // "" names /workspace itself, an existing folder: the copy goes inside it.
        var upload = await ada.RunAsync("cp", project, $"{id}:");
        Assert.True(upload.ExitCode == 0, upload.ToString());
        var remote = await ada.RunAsync("exec", id, "--", "sh", "-c", "cd /workspace/project && find . -type f | sort && cat 'src/deep/space name.txt' && test -x src/app.js && echo executable");
        Assert.Equal("./README.md\n./src/app.js\n./src/deep/space name.txt\nspaces too\nexecutable\n", remote.Stdout);

        var copyBack = Path.Combine(ada.Home, "copy-back");
        var download = await ada.RunAsync("cp", $"{id}:project", copyBack);
        Assert.True(download.ExitCode == 0, download.ToString());
        Assert.Equal("# hello\n", await File.ReadAllTextAsync(Path.Combine(copyBack, "README.md")));
        Assert.Equal("spaces too\n", await File.ReadAllTextAsync(Path.Combine(copyBack, "src", "deep", "space name.txt")));
        Assert.True(File.GetUnixFileMode(Path.Combine(copyBack, "src", "app.js")).HasFlag(UnixFileMode.UserExecute));
    }

    [Fact]
    public async Task A_small_file_copies_even_while_the_workspace_is_stopped()
    {
        var ada = await server.SignUpAsync("notes");
        var created = await ada.RunAsync("ws", "create", "stopped-notes", "--no-start");
        var id = created.Stdout.Trim();
        var note = Path.Combine(ada.Home, "note.txt");
        await File.WriteAllTextAsync(note, "remember the milk\n");

        var upload = await ada.RunAsync("cp", note, $"{id}:notes/");
        Assert.True(upload.ExitCode == 0, upload.ToString());
        var download = await ada.RunAsync("cp", $"{id}:notes/note.txt", Path.Combine(ada.Home, "note-back.txt"));
        Assert.True(download.ExitCode == 0, download.ToString());
        Assert.Equal("remember the milk\n", await File.ReadAllTextAsync(Path.Combine(ada.Home, "note-back.txt")));

        var missing = await ada.RunAsync("cp", $"{id}:nothing-here.txt", ada.Home);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("There is no file or folder '/workspace/nothing-here.txt' in workspace stopped-notes.", missing.Stderr, StringComparison.Ordinal);
    }
}
