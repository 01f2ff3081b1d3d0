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

    [Fact]
    public async Task Follow_on_in_memory_streams_after_the_connection_drops_prints_what_the_tail_holds_once_and_in_order()
    {
        var ada = await server.SignUpAsync("reconnector");
        var id = await ada.CreateRunningWorkspaceAsync("reconnect-ws");
        await using var network = new DroppableProxy(server.Url);
        var behind = await ada.SignInThroughAsync(network.Url);
        await ada.WriteLogLinesAsync(id, "m", 1, 1);

        await using var follow = behind.Start("logs", "-f", id);
        await follow.WaitForStdoutAsync(output => output.Contains("m1\n", StringComparison.Ordinal), "the tail");
        network.Cut();
        await ada.WriteLogLinesAsync(id, "m", 2, 4);
        network.Restore();
        await follow.WaitForStdoutAsync(output => output.Contains("m4\n", StringComparison.Ordinal), "the lines written while it was away, from the tail");
        await ada.WriteLogLinesAsync(id, "m", 5, 5);
        await follow.WaitForStdoutAsync(output => output.Contains("m5\n", StringComparison.Ordinal), "a line pushed after it joined again");

        await follow.SignalAsync("INT");
        Assert.Equal(0, await follow.WaitForExitAsync());
        Assert.Equal(["m1", "m2", "m3", "m4", "m5"], follow.Stdout.Split('\n').Where(line => line.Length == 2 && line[0] == 'm').ToArray());
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
