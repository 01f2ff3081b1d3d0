using System.Text.Json;

namespace Vibe.Cli.Tests;

/// <summary><c>vibe ws</c> and <c>vibe exec</c> against real workspaces, and what a stranger to a workspace gets.</summary>
[Collection(CliCollection.Name)]
public sealed class WorkspaceTests(CliServer server)
{
    [Fact]
    public async Task Create_starts_the_workspace_ls_and_info_show_it_running_stop_and_rm_end_it()
    {
        var ada = await server.SignUpAsync("builder");

        var id = await ada.CreateRunningWorkspaceAsync("my-app");

        var list = await ada.RunAsync("ws", "ls", "--json");
        using (var workspaces = JsonDocument.Parse(list.Stdout))
        {
            var mine = Assert.Single(workspaces.RootElement.EnumerateArray());
            Assert.Equal(id, mine.GetProperty("id").GetString());
            Assert.Equal("running", mine.GetProperty("status").GetString());
        }

        var table = await ada.RunAsync("ws", "ls");
        Assert.Matches($@"(?m)^{id}\s+my-app\s+Running\s+blank\s+admin", table.Stdout);

        // By name, as people type it.
        var info = await ada.RunAsync("ws", "info", "my-app");
        Assert.True(info.ExitCode == 0, info.ToString());
        Assert.Contains(id, info.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"Status\s+Running", info.Stdout);

        var stop = await ada.RunAsync("ws", "stop", "my-app");
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.Contains($"Workspace my-app ({id}) is Stopped.", stop.Stdout, StringComparison.Ordinal);

        var refused = await ada.RunAsync("ws", "rm", id);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("add --yes", refused.Stderr, StringComparison.Ordinal);

        var rm = await ada.RunAsync("ws", "rm", id, "--yes");
        Assert.True(rm.ExitCode == 0, rm.ToString());
        var after = await ada.RunAsync("ws", "ls", "--json");
        Assert.Empty(JsonDocument.Parse(after.Stdout).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task Exec_passes_stdout_and_stderr_apart_and_exits_with_the_commands_code()
    {
        var ada = await server.SignUpAsync("runner");
        var id = await ada.CreateRunningWorkspaceAsync("runner-ws");

        var exec = await ada.RunAsync("exec", id, "--", "sh", "-c", "echo to-out; echo to-err >&2; exit 7");

        Assert.Equal(7, exec.ExitCode);
        Assert.Equal("to-out\n", exec.Stdout);
        Assert.Equal("to-err\n", exec.Stderr);

        var byName = await ada.RunAsync("exec", "runner-ws", "--", "pwd");
        Assert.Equal(0, byName.ExitCode);
        Assert.Equal("/workspace\n", byName.Stdout);
    }

    [Fact]
    public async Task Exec_in_a_stopped_workspace_says_to_start_it()
    {
        var ada = await server.SignUpAsync("sleeper");
        var id = await ada.CreateRunningWorkspaceAsync("sleepy");
        Assert.Equal(0, (await ada.RunAsync("ws", "stop", id)).ExitCode);

        var exec = await ada.RunAsync("exec", id, "--", "true");

        Assert.Equal(125, exec.ExitCode);
        Assert.Contains("not running", exec.Stderr, StringComparison.OrdinalIgnoreCase);
        AuthTests.AssertNoStackTrace(exec);
    }

    [Fact]
    public async Task A_strangers_workspace_is_not_found_for_every_command()
    {
        var owner = await server.SignUpAsync("owner");
        var stranger = await server.SignUpAsync("stranger");
        var id = await owner.CreateRunningWorkspaceAsync("private");
        var notFound = $"Workspace '{id}' was not found, or you may not see it: `vibe ws ls` lists yours.";

        var exec = await stranger.RunAsync("exec", id, "--", "cat", "/etc/passwd");
        Assert.Equal(125, exec.ExitCode);
        Assert.Contains(notFound, exec.Stderr, StringComparison.Ordinal);
        Assert.Empty(exec.Stdout);

        foreach (var command in new[] { new[] { "ws", "info", id }, ["ws", "stop", id], ["ws", "rm", id, "--yes"], ["logs", id], ["cp", $"{id}:x.txt", stranger.Home], ["agent", id, "hello"] })
        {
            var result = await stranger.RunAsync(command);
            Assert.True(result.ExitCode == 1, $"vibe {string.Join(' ', command)}: {result}");
            Assert.Contains(notFound, result.Stderr, StringComparison.Ordinal);
            AuthTests.AssertNoStackTrace(result);
        }

        var ssh = await stranger.RunAsync("ssh", id);
        Assert.Equal(125, ssh.ExitCode);
        Assert.Contains(notFound, ssh.Stderr, StringComparison.Ordinal);

        // The owner's workspace is untouched.
        var info = await owner.RunAsync("ws", "info", id, "--json");
        Assert.Equal("running", JsonDocument.Parse(info.Stdout).RootElement.GetProperty("status").GetString());
    }
}
