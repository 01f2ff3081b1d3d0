using System.Net;
using System.Text.Json;
using Vibe.TestSupport;

namespace Vibe.Silo.Tests;

/// <summary>Starting, stopping and restarting the real Silo process.</summary>
public sealed class SiloLifecycleTests
{
    [Fact]
    public async Task SIGTERM_stops_the_silo_gracefully_and_the_counts_survive_a_restart()
    {
        using var data = new TempDirectory();
        const string name = "restart-survivor";

        var (first, firstUrl) = await SiloProcess.StartRunningAsync(data.Path, SiloProcess.TestSiloPath);
        await using (first)
        {
            using var client = new HttpClient { BaseAddress = firstUrl };
            Assert.Equal(1, await GreetAsync(client, name));
            Assert.Equal(2, await GreetAsync(client, name));

            var exitCode = await first.TerminateAsync();

            Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{first.Output}");
            Assert.Contains("Application is shutting down", first.Output, StringComparison.Ordinal);
            Assert.Contains("Vibe stopped", first.Output, StringComparison.Ordinal);
        }

        var (second, secondUrl) = await SiloProcess.StartRunningAsync(data.Path, SiloProcess.TestSiloPath);
        await using (second)
        {
            using var client = new HttpClient { BaseAddress = secondUrl };
            Assert.Equal(3, await GreetAsync(client, name));
            Assert.Equal(0, await second.TerminateAsync());
        }
    }

    [Fact]
    public async Task A_data_directory_that_cannot_be_created_stops_startup_with_a_clear_message()
    {
        using var temp = new TempDirectory();
        var file = Path.Combine(temp.Path, "not-a-directory");
        await File.WriteAllTextAsync(file, "");

        await using var silo = SiloProcess.Start("--urls", "http://127.0.0.1:0", "--Vibe:DataDirectory", file);

        Assert.Equal(1, await silo.WaitForExitAsync());
        Assert.Contains($"Vibe cannot start: The data directory {file} cannot be created", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(SiloProcess.BannerPrefix, silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_run_as_root_keeps_its_workspaces_root_nosuid_nodev_until_it_stops()
    {
        Assert.True(Environment.IsPrivilegedProcess, "The tests run as root, as the workspace silo does.");
        using var data = new TempDirectory();
        var workspaces = Path.Combine(data.Path, "workspaces");
        await using var silo = SiloProcess.Start(
            new Dictionary<string, string> { ["Vibe__Workspaces__AllowSuidMount"] = "false" }, logFile: null,
            "--urls", "http://127.0.0.1:0", "--Vibe:DataDirectory", data.Path);
        await silo.WaitUntilRunningAsync();

        var mount = MountOf(workspaces);
        Assert.Equal(workspaces, mount.MountPoint);
        Assert.Contains("nosuid", mount.Options);
        Assert.Contains("nodev", mount.Options);

        Assert.Equal(0, await silo.TerminateAsync());
        Assert.NotEqual(workspaces, MountOf(workspaces).MountPoint);
    }

    [Fact]
    public async Task A_second_silo_refuses_a_data_directory_in_use()
    {
        using var data = new TempDirectory();
        var (first, _) = await SiloProcess.StartRunningAsync(data.Path);
        await using (first)
        {
            await using var second = SiloProcess.Start("--urls", "http://127.0.0.1:0", "--Vibe:DataDirectory", data.Path);

            Assert.Equal(1, await second.WaitForExitAsync());
            Assert.Contains("is in use by another Vibe process", second.Output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Vibe:Messaging:ResponseTimeout", "-00:00:01")]
    [InlineData("Vibe:Streams:Memory:PullingPeriod", "00:00:00")]
    [InlineData("Vibe:Streams:Memory:Queues", "0")]
    public async Task An_invalid_option_stops_startup_naming_the_problem(string key, string value)
    {
        using var data = new TempDirectory();

        await using var silo = SiloProcess.Start("--urls", "http://127.0.0.1:0", "--Vibe:DataDirectory", data.Path, $"--{key}", value);

        Assert.Equal(1, await silo.WaitForExitAsync());
        Assert.Contains($"Vibe cannot start: invalid configuration: {key} must be positive.", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_workspace_uid_that_a_host_user_has_stops_startup_naming_the_setting()
    {
        using var data = new TempDirectory();

        // uid 1 is Debian's daemon user.
        await using var silo = SiloProcess.Start("--urls", "http://127.0.0.1:0", "--Vibe:DataDirectory", data.Path, "--Vibe:Workspaces:UserId", "1");

        Assert.Equal(1, await silo.WaitForExitAsync());
        Assert.Contains("Vibe cannot start: Vibe:Workspaces:UserId is 1, which is the host user 'daemon' in /etc/passwd", silo.Output, StringComparison.Ordinal);
    }

    private static async Task<int> GreetAsync(HttpClient client, string name)
    {
        using var response = await client.PostAsync(new Uri($"/test/greetings/{name}", UriKind.Relative), content: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("count").GetInt32();
    }

    /// <summary>The mount point and options of the mount holding <paramref name="path"/> (the longest, then the latest), from /proc/self/mountinfo.</summary>
    private static (string MountPoint, string[] Options) MountOf(string path) =>
        File.ReadAllLines("/proc/self/mountinfo")
            .Select(line => line.Split(' '))
            .Where(fields => path == fields[4] || path.StartsWith(fields[4].TrimEnd('/') + "/", StringComparison.Ordinal))
            .OrderBy(fields => fields[4].Length)
            .Select(fields => (fields[4], fields[5].Split(',')))
            .Last();
}
