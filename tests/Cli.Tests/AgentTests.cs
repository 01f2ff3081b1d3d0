using System.Text.Json;
using System.Text.RegularExpressions;
using Vibe.FakeProviders;

namespace Vibe.Cli.Tests;

/// <summary><c>vibe agent</c> with the fake provider server as the model: a run that edits a file, its revert, and Ctrl+C.</summary>
[Collection(CliCollection.Name)]
public sealed partial class AgentTests(CliServer server)
{
    [Fact]
    public async Task Asking_the_agent_streams_its_reply_and_tool_calls_and_revert_undoes_its_edit()
    {
        var ada = await server.SignUpAsync("asker");
        var id = await ada.CreateRunningWorkspaceAsync("agent-ws");
        Assert.Equal(0, (await ada.RunAsync("exec", id, "--", "sh", "-c", "printf 'hello world\\nsecond line\\n' > greeting.txt")).ExitCode);
        server.Fake.Enqueue(
            FakeTurn.Text("Let me change it.").WithToolCall("edit_file", JsonSerializer.Serialize(new { path = "greeting.txt", old_text = "hello world", new_text = "hello from the agent" }), "call-edit"),
            FakeTurn.Text("I made the ", "greeting friendlier."));

        var ask = await ada.RunAsync("agent", id, "Make the greeting friendlier");

        Assert.True(ask.ExitCode == 0, ask.ToString());
        Assert.Contains("Let me change it.", ask.Stdout, StringComparison.Ordinal);
        Assert.Contains("▸ edit_file", ask.Stdout, StringComparison.Ordinal);
        Assert.Contains("+hello from the agent", ask.Stdout, StringComparison.Ordinal);
        Assert.Contains("I made the greeting friendlier.", ask.Stdout, StringComparison.Ordinal);
        var run = RunLine().Match(ask.Stderr);
        Assert.True(run.Success, ask.ToString());
        Assert.Contains("changed greeting.txt", ask.Stderr, StringComparison.Ordinal);
        Assert.Equal("hello from the agent\nsecond line\n", (await ada.RunAsync("exec", id, "--", "cat", "greeting.txt")).Stdout);

        var revert = await ada.RunAsync("agent", "revert", id, run.Groups["run"].Value);

        Assert.True(revert.ExitCode == 0, revert.ToString());
        Assert.Equal("hello world\nsecond line\n", (await ada.RunAsync("exec", id, "--", "cat", "greeting.txt")).Stdout);
    }

    [Fact]
    public async Task Ctrl_C_cancels_the_run()
    {
        var ada = await server.SignUpAsync("impatient");
        var id = await ada.CreateRunningWorkspaceAsync("cancel-ws");
        var gate = new FakeGate();
        server.Fake.Enqueue(FakeTurn.Text("Thinking very hard", " about it").WaitFor(gate));
        try
        {
            await using var ask = ada.Start("agent", id, "Take your time");
            await gate.Reached.WaitAsync(TimeSpan.FromMinutes(1));

            await ask.SignalAsync("INT");

            Assert.Equal(130, await ask.WaitForExitAsync());
            Assert.Matches(@"Run \S+: Cancelled", ask.Stderr);
        }
        finally
        {
            gate.Release();
        }
    }

    [GeneratedRegex(@"Run (?<run>[A-Za-z0-9_-]+): Completed")]
    private static partial Regex RunLine();
}
