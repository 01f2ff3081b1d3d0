using System.Text;
using System.Text.RegularExpressions;
using Vibe.Grains.Interfaces.Errors;

namespace Vibe.Grains.Tests;

[Collection(WorkspaceCollection.Name)]
public sealed partial class TerminalSessionTests(TerminalSessionTests.Fixture fixture) : IClassFixture<TerminalSessionTests.Fixture>
{
    private const int MaxTerminals = 3;
    private const int ScrollbackChars = 100_000;

    private WorkspaceSilo Silo => fixture.Silo;

    [GeneratedRegex(@"\nhi\r\n")]
    private static partial Regex HiLine();

    [Fact]
    public async Task Typing_a_command_shows_its_output_on_the_stream()
    {
        var workspace = await Silo.StartWorkspaceAsync();
        var workspaceId = (await workspace.GetInfo()).Id;

        var opened = await workspace.OpenTerminal(90, 30);
        await using var output = await OutputAsync(opened);
        await Session(opened).Input("echo hi\n");

        await Eventually.Until(() => HiLine().IsMatch(Text(output)), "hi on the output stream", TimeSpan.FromSeconds(20));
        Assert.Equal(TerminalSessionStatus.Running, opened.Status);
        Assert.Equal(workspaceId, opened.WorkspaceId);
        Assert.Matches("^[a-z0-9]{10}$", opened.SessionId);
        Assert.Equal((90, 30), (opened.Columns, opened.Rows));
        Assert.Null(opened.ExitCode);
        Assert.All(output.Items, e => Assert.Equal((workspaceId, opened.SessionId), (e.WorkspaceId, e.SessionId)));
        Assert.Equal([opened.SessionId], (await workspace.ListTerminals()).Select(t => t.SessionId));
        Assert.Equal(opened, await Session(opened).Open(90, 30));
    }

    [Fact]
    public async Task Exit_ends_the_session_with_its_exit_code_and_publishes_TerminalExited()
    {
        var workspace = await Silo.StartWorkspaceAsync();
        var opened = await workspace.OpenTerminal(80, 24);
        var session = Session(opened);
        await using var events = await EventsAsync(opened);

        await session.Input("exit 3\n");

        await events.WaitForAsync(e => e.SessionId == opened.SessionId, "TerminalExited");
        Assert.Equal([new TerminalExited(opened.WorkspaceId, opened.SessionId, 3)], events.Items);
        var info = await session.GetInfo();
        Assert.Equal(TerminalSessionStatus.Exited, info.Status);
        Assert.Equal(3, info.ExitCode);
        Assert.Empty(await workspace.ListTerminals());
        var input = await Assert.ThrowsAsync<ConflictException>(() => session.Input("echo again\n"));
        Assert.Contains("its shell has ended with exit code 3", input.Message, StringComparison.Ordinal);
        var reopen = await Assert.ThrowsAsync<ConflictException>(() => session.Open(80, 24));
        Assert.Contains("Open a new session", reopen.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resize_changes_what_stty_reports_and_bad_sizes_are_refused()
    {
        var workspace = await Silo.StartWorkspaceAsync();
        var opened = await workspace.OpenTerminal(80, 24);
        var session = Session(opened);
        await using var output = await OutputAsync(opened);

        await session.Resize(123, 37);
        await session.Input("stty size\n");

        await Eventually.Until(() => Text(output).Contains("\n37 123\r\n", StringComparison.Ordinal), "stty size after the resize", TimeSpan.FromSeconds(20));
        Assert.Equal((123, 37), ((await session.GetInfo()).Columns, (await session.GetInfo()).Rows));
        var zero = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => session.Resize(0, 10));
        Assert.Contains("1 to 1000 columns by 1 to 1000 rows, not 0 x 10", zero.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => session.Resize(80, 1001));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => workspace.OpenTerminal(-1, 24));
    }

    [Fact]
    public async Task Attaching_replays_the_scrollback_and_its_end_offset_continues_the_stream()
    {
        var workspace = await Silo.StartWorkspaceAsync();
        var key = $"{(await workspace.GetInfo()).Id}/attach1";
        var session = Silo.Grains.GetGrain<IContainerSessionGrain>(key);
        await using var output = await TerminalRecorder.RecordOutputAsync(Silo, key);
        var before = await session.Attach();
        Assert.Equal((TerminalSessionStatus.NotStarted, "", 0L), (before.Info.Status, before.Scrollback, before.EndOffset));

        await session.Open(80, 24);
        await session.Input("echo one-$((1+1))\n");
        await Eventually.Until(() => Text(output).Contains("one-2", StringComparison.Ordinal), "the first command's output");
        var attachment = await session.Attach();
        await session.Input("echo two-$((2+2))\n");
        await Eventually.Until(() => Text(output).Contains("two-4", StringComparison.Ordinal), "the second command's output");

        // The stream, from offset 0 and without gaps, is the whole output; the scrollback is its prefix up to EndOffset.
        var events = output.Items.OrderBy(e => e.Offset).ToList();
        Assert.Equal(0, events[0].Offset);
        for (var i = 1; i < events.Count; i++)
        {
            Assert.Equal(events[i - 1].Offset + events[i - 1].Data.Length, events[i].Offset);
        }

        var whole = Text(output);
        Assert.Contains("one-2", attachment.Scrollback, StringComparison.Ordinal);
        Assert.Equal(whole[..(int)attachment.EndOffset], attachment.Scrollback);
        Assert.Equal(TerminalSessionStatus.Running, attachment.Info.Status);

        // What a client that attached then shows: the scrollback, then the events after EndOffset, trimmed where they overlap.
        var shown = new StringBuilder(attachment.Scrollback);
        foreach (var e in events.Where(e => e.Offset + e.Data.Length > attachment.EndOffset))
        {
            shown.Append(e.Data.AsSpan((int)Math.Max(0, attachment.EndOffset - e.Offset)));
        }

        Assert.Equal(whole, shown.ToString());
    }

    [Fact]
    public async Task A_flood_of_output_keeps_the_scrollback_bounded_streams_it_without_gaps_and_leaves_the_silo_responsive()
    {
        var workspace = await Silo.StartWorkspaceAsync();
        var opened = await workspace.OpenTerminal(80, 24);
        var session = Session(opened);
        await using var output = await OutputAsync(opened);

        await session.Input("yes | head -c 2000000; echo flood-$((6*7))\n");
        var answeredDuringFlood = 0;
        await Eventually.Until(
            async () =>
            {
                // Calls keep being answered while the output pours in.
                var info = await workspace.GetInfo();
                var attachment = await session.Attach();
                answeredDuringFlood += info.Status == WorkspaceStatus.Running ? 1 : 0;
                return attachment.Scrollback.Contains("flood-42", StringComparison.Ordinal);
            },
            "the end of the flood",
            TimeSpan.FromSeconds(90));

        var end = await session.Attach();
        Assert.True(end.Scrollback.Length <= ScrollbackChars, $"scrollback of {end.Scrollback.Length} characters");
        Assert.True(end.Scrollback.Length >= ScrollbackChars / 2, $"scrollback of {end.Scrollback.Length} characters");
        Assert.True(end.EndOffset >= 3_000_000, $"end offset {end.EndOffset}: 1,000,000 lines of \"y\\r\\n\" went through");
        Assert.True(answeredDuringFlood > 0);
        Assert.Equal(TerminalSessionStatus.Running, (await session.GetInfo()).Status);

        await Eventually.Until(() => Text(output).Contains("flood-42", StringComparison.Ordinal), "the end of the flood on the stream", TimeSpan.FromSeconds(60));
        var events = output.Items.OrderBy(e => e.Offset).ToList();
        for (var i = 1; i < events.Count; i++)
        {
            Assert.Equal(events[i - 1].Offset + events[i - 1].Data.Length, events[i].Offset);
        }

        Assert.All(events, e => Assert.InRange(e.Data.Length, 1, 16 * 1024));
        // Batching itself is checked in TerminalPumpTests: how much one event carries here depends on how fast the pty is read.
    }

    [Fact]
    public async Task A_character_split_across_reads_arrives_whole()
    {
        var workspace = await Silo.StartWorkspaceAsync();
        var opened = await workspace.OpenTerminal(80, 24);
        await using var output = await OutputAsync(opened);

        // é is C3 A9 and 😀 is F0 9F 98 80: each is written in two parts with a pause between, so they reach the grain in two reads.
        await Session(opened).Input("printf '<\\303'; sleep 0.3; printf '\\251|\\360\\237'; sleep 0.3; printf '\\230\\200>\\n'\n");

        await Eventually.Until(() => Text(output).Contains("<é|😀>", StringComparison.Ordinal), "the split characters, whole", TimeSpan.FromSeconds(20));
        Assert.DoesNotContain('\uFFFD', Text(output));
    }

    [Fact]
    public async Task Two_sessions_in_one_workspace_are_independent()
    {
        var workspace = await Silo.StartWorkspaceAsync();
        var first = await workspace.OpenTerminal(80, 24);
        var second = await workspace.OpenTerminal(100, 40);
        await using var firstOutput = await OutputAsync(first);
        await using var secondOutput = await OutputAsync(second);
        Assert.NotEqual(first.SessionId, second.SessionId);

        await Session(first).Input("cd /tmp && echo first-$((1+1)) in $PWD\n");
        await Session(second).Input("echo second-$((2+2)) in $PWD\n");
        await Eventually.Until(() => Text(firstOutput).Contains("first-2 in /tmp", StringComparison.Ordinal), "the first session's output");
        await Eventually.Until(() => Text(secondOutput).Contains("second-4 in /workspace", StringComparison.Ordinal), "the second session's output");
        Assert.DoesNotContain("second-", Text(firstOutput), StringComparison.Ordinal);
        Assert.DoesNotContain("first-", Text(secondOutput), StringComparison.Ordinal);
        Assert.Equal([first.SessionId, second.SessionId], (await workspace.ListTerminals()).Select(t => t.SessionId));

        await Session(first).Input("exit 4\n");
        await Eventually.Until(async () => (await Session(first).GetInfo()).Status == TerminalSessionStatus.Exited, "the first session's end");
        Assert.Equal(4, (await Session(first).GetInfo()).ExitCode);
        await Session(second).Input("echo still-$((3+3))\n");
        await Eventually.Until(() => Text(secondOutput).Contains("still-6", StringComparison.Ordinal), "the second session still answering");
        Assert.Equal([second.SessionId], (await workspace.ListTerminals()).Select(t => t.SessionId));
    }

    [Fact]
    public async Task Opening_a_terminal_needs_a_running_workspace_and_a_valid_key()
    {
        var stopped = await Silo.CreateAsync();
        var id = (await stopped.GetInfo()).Id;

        var viaWorkspace = await Assert.ThrowsAsync<ConflictException>(() => stopped.OpenTerminal(80, 24));
        Assert.Contains($"Cannot open a terminal in workspace '{id}': it is stopped, not running. Start it first.", viaWorkspace.Message, StringComparison.Ordinal);
        var direct = await Assert.ThrowsAsync<ConflictException>(() => Silo.Grains.GetGrain<IContainerSessionGrain>($"{id}/s1").Open(80, 24));
        Assert.Contains("it is stopped, not running", direct.Message, StringComparison.Ordinal);
        Assert.Equal(TerminalSessionStatus.NotStarted, (await Silo.Grains.GetGrain<IContainerSessionGrain>($"{id}/s1").GetInfo()).Status);

        await Assert.ThrowsAsync<WorkspaceNotFoundException>(() => Silo.Grains.GetGrain<IContainerSessionGrain>($"{TestRun.NewWorkspaceId()}/s1").Open(80, 24));
        var badKey = await Assert.ThrowsAsync<InvalidRequestException>(() => Silo.Grains.GetGrain<IContainerSessionGrain>($"{id}/not-alnum").GetInfo());
        Assert.Contains("is not a terminal session key", badKey.Message, StringComparison.Ordinal);
        var notOpen = await Assert.ThrowsAsync<ConflictException>(() => Silo.Grains.GetGrain<IContainerSessionGrain>($"{id}/s2").Input("ls\n"));
        Assert.Contains("it is not open", notOpen.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_the_workspace_ends_its_sessions()
    {
        var workspace = await Silo.StartWorkspaceAsync();
        var first = await workspace.OpenTerminal(80, 24);
        var second = await workspace.OpenTerminal(80, 24);
        await using var firstEvents = await EventsAsync(first);
        await using var secondEvents = await EventsAsync(second);

        await workspace.Stop();

        // Stop returns once its sessions have ended.
        Assert.Equal(TerminalSessionStatus.Exited, (await Session(first).GetInfo()).Status);
        Assert.Equal(TerminalSessionStatus.Exited, (await Session(second).GetInfo()).Status);
        Assert.Empty(await workspace.ListTerminals());
        await firstEvents.WaitForAsync(e => e.SessionId == first.SessionId, "the first session's TerminalExited");
        await secondEvents.WaitForAsync(e => e.SessionId == second.SessionId, "the second session's TerminalExited");
    }

    [Fact]
    public async Task Restarting_or_deleting_the_workspace_ends_its_sessions()
    {
        var workspace = await Silo.StartWorkspaceAsync();
        var beforeRestart = await workspace.OpenTerminal(80, 24);

        await workspace.Restart();

        Assert.Equal(TerminalSessionStatus.Exited, (await Session(beforeRestart).GetInfo()).Status);
        var afterRestart = await workspace.OpenTerminal(80, 24);
        Assert.Equal([afterRestart.SessionId], (await workspace.ListTerminals()).Select(t => t.SessionId));

        await workspace.Delete();

        Assert.Equal(TerminalSessionStatus.Exited, (await Session(afterRestart).GetInfo()).Status);
    }

    [Fact]
    public async Task Open_sessions_per_workspace_are_capped_and_closing_one_frees_a_place()
    {
        var workspace = await Silo.StartWorkspaceAsync();
        var id = (await workspace.GetInfo()).Id;
        var opened = new List<TerminalSessionInfo>();
        for (var i = 0; i < MaxTerminals; i++)
        {
            opened.Add(await workspace.OpenTerminal(80, 24));
        }

        var refused = await Assert.ThrowsAsync<ConflictException>(() => workspace.OpenTerminal(80, 24));
        Assert.Contains($"Workspace '{id}' already has {MaxTerminals} open terminals", refused.Message, StringComparison.Ordinal);

        await Session(opened[1]).Close();

        var info = await Session(opened[1]).GetInfo();
        Assert.Equal(TerminalSessionStatus.Exited, info.Status);
        Assert.Equal(128 + 1, info.ExitCode);
        var again = await workspace.OpenTerminal(80, 24);
        Assert.Equal([opened[0].SessionId, opened[2].SessionId, again.SessionId], (await workspace.ListTerminals()).Select(t => t.SessionId));
    }

    [Fact]
    public async Task Input_counts_as_workspace_activity()
    {
        var workspace = await Silo.StartWorkspaceAsync();
        var opened = await workspace.OpenTerminal(80, 24);
        var before = (await workspace.GetInfo()).LastActivityAt;

        await Session(opened).Input("true\n");

        await Eventually.Until(async () => (await workspace.GetInfo()).LastActivityAt > before, "the workspace's last activity to move on");
    }

    [Fact]
    public async Task Stopping_the_silo_hangs_up_its_shells()
    {
        var silo = await WorkspaceSilo.StartAsync();
        try
        {
            var workspace = await silo.StartWorkspaceAsync();
            var containerId = (await workspace.GetInfo()).ContainerId!;
            var opened = await workspace.OpenTerminal(80, 24);
            await silo.Grains.GetGrain<IContainerSessionGrain>($"{opened.WorkspaceId}/{opened.SessionId}").Input("sleep 981\n");
            await WaitInContainerAsync(silo, containerId, "ps | grep -q '[s]leep 981'");

            await silo.StopAsync();

            // The container still runs (stopping a silo does not stop workspaces); the shell and its sleep are gone.
            await WaitInContainerAsync(silo, containerId, "! ps | grep -q '[s]leep 981'");
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    private IContainerSessionGrain Session(TerminalSessionInfo info) => Silo.Grains.GetGrain<IContainerSessionGrain>($"{info.WorkspaceId}/{info.SessionId}");

    private Task<Recording<TerminalOutput>> OutputAsync(TerminalSessionInfo info) =>
        TerminalRecorder.RecordOutputAsync(Silo, $"{info.WorkspaceId}/{info.SessionId}");

    private Task<Recording<TerminalExited>> EventsAsync(TerminalSessionInfo info) =>
        TerminalRecorder.RecordExitsAsync(Silo, $"{info.WorkspaceId}/{info.SessionId}");

    /// <summary>The output received so far, in offset order.</summary>
    private static string Text(Recording<TerminalOutput> output) => string.Concat(output.Items.OrderBy(e => e.Offset).Select(e => e.Data));

    /// <summary>Waits, inside the container, until the shell condition holds.</summary>
    private static async Task WaitInContainerAsync(WorkspaceSilo silo, string containerId, string condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var result = await silo.Runtime.ExecAsync(containerId, ["sh", "-c", $"until {condition}; do sleep 0.05; done"], TimeSpan.FromSeconds(30), timeout.Token);
        Assert.Equal(0, result.ExitCode);
    }

    public sealed class Fixture : WorkspaceSiloFixture
    {
        protected override void Configure(WorkspaceOptions options)
        {
            options.MaxTerminalsPerWorkspace = MaxTerminals;
            options.TerminalScrollbackChars = ScrollbackChars;
        }
    }
}
