using System.Reflection;

namespace Vibe.Cli.Tests;

/// <summary>
/// The <c>--help</c> of every command, compared with the snapshots in Snapshots/: a change to vibe's interface (a
/// command, argument, option or description) fails here until the snapshot is updated on purpose, with
/// <c>VIBE_UPDATE_SNAPSHOTS=1 dotnet test tests/Cli.Tests --filter HelpSnapshotTests</c>.
/// </summary>
public sealed class HelpSnapshotTests
{
    private static readonly string SnapshotDirectory = typeof(HelpSnapshotTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "VibeSnapshotDirectory").Value!;

    public static TheoryData<string> Commands() =>
    [
        "", "login", "logout", "whoami",
        "ws", "ws ls", "ws create", "ws start", "ws stop", "ws restart", "ws rm", "ws info",
        "ssh", "exec", "logs", "cp", "agent", "agent revert",
    ];

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_matches_its_snapshot(string command)
    {
        var home = Directory.CreateTempSubdirectory("vibe-help-").FullName;
        try
        {
            var result = await VibeProcess.RunAsync(home, [.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);
            Assert.True(result.ExitCode == 0, result.ToString());
            var snapshot = Path.Combine(SnapshotDirectory, (command.Length == 0 ? "vibe" : "vibe " + command).Replace(' ', '-') + ".txt");
            if (Environment.GetEnvironmentVariable("VIBE_UPDATE_SNAPSHOTS") == "1")
            {
                await File.WriteAllTextAsync(snapshot, result.Stdout);
            }

            Assert.True(File.Exists(snapshot), $"No snapshot {snapshot}; create it with VIBE_UPDATE_SNAPSHOTS=1.");
            Assert.Equal(await File.ReadAllTextAsync(snapshot), result.Stdout);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task Version_prints_the_client_version()
    {
        var home = Directory.CreateTempSubdirectory("vibe-help-").FullName;
        try
        {
            var result = await VibeProcess.RunAsync(home, ["--version"]);
            Assert.Equal(0, result.ExitCode);
            Assert.Matches(@"^\d+\.\d+\.\d+\s*$", result.Stdout);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task The_launcher_script_of_a_clone_runs_the_client()
    {
        var root = typeof(HelpSnapshotTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "VibeRepositoryRoot").Value!;
        // The portable build, which the test run has built; the ahead-of-time one takes minutes to compile.
        using var launcher = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(Path.Combine(root, "vibe"), ["--version"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
            Environment = { ["VIBE_JIT"] = "1" },
        })!;
        var output = await launcher.StandardOutput.ReadToEndAsync();
        await launcher.WaitForExitAsync();

        Assert.Equal(0, launcher.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+\s*$", output);
    }

    [Fact]
    public async Task An_unknown_command_is_a_usage_error_that_says_what_was_wrong()
    {
        var home = Directory.CreateTempSubdirectory("vibe-help-").FullName;
        try
        {
            var result = await VibeProcess.RunAsync(home, ["wss", "ls"]);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("Unrecognized command or argument 'wss'", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
