namespace Vibe.Cli.Tests;

/// <summary><c>vibe logs</c>: what the workspace's main process wrote, once and followed.</summary>
[Collection(CliCollection.Name)]
public sealed class LogsTests(CliServer server)
{
    [Fact]
    public async Task Logs_print_what_the_main_process_wrote_and_follow_prints_new_lines_until_Ctrl_C()
    {
        var ada = await server.SignUpAsync("reader");
        var id = await ada.CreateRunningWorkspaceAsync("logging-ws");
        Assert.Equal(0, (await ada.RunAsync("exec", id, "--", "sh", "-c", "echo first-line > /proc/1/fd/1; echo an-error > /proc/1/fd/2")).ExitCode);

        var logs = await ada.RunAsync("logs", id);
        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.Contains("first-line\n", logs.Stdout, StringComparison.Ordinal);
        Assert.Contains("an-error\n", logs.Stderr, StringComparison.Ordinal);

        await using var follow = ada.Start("logs", "-f", id);
        await follow.WaitForStdoutAsync(output => output.Contains("first-line\n", StringComparison.Ordinal), "the backlog");
        Assert.Equal(0, (await ada.RunAsync("exec", id, "--", "sh", "-c", "echo second-line > /proc/1/fd/1")).ExitCode);
        await follow.WaitForStdoutAsync(output => output.Contains("second-line\n", StringComparison.Ordinal), "the new line, pushed");

        await follow.SignalAsync("INT");
        Assert.Equal(0, await follow.WaitForExitAsync());
        Assert.Equal(1, CountOf(follow.Stdout, "first-line\n"));
        Assert.Equal(1, CountOf(follow.Stdout, "second-line\n"));
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
