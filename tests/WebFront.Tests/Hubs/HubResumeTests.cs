using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Vibe.Grains.Interfaces.Agents;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.Streams.Kafka;
using Vibe.TestSupport;
using Vibe.WebFront.Hubs;

namespace Vibe.WebFront.Tests.Hubs;

/// <summary>
/// Resuming over the hub with the streams on Kafka (the real provider, on librdkafka's mock cluster): every status event
/// carries its token; a client that reconnects with the last token it saw gets exactly the events it missed, in order,
/// then the live ones, while another viewer keeps the shared subscription; lines a real workspace container writes reach
/// the browser through Kafka and resume from its log token, or from a mark of the log stream (the hand-over from the tail);
/// a token the server never sent is refused.
/// </summary>
[Collection(WebFrontCollection.Name)]
public sealed class HubResumeTests(WebFrontFixture fixture) : IAsyncLifetime
{
    private KafkaMockCluster? _kafka;
    private HubTestApp? _app;
    private TestUser? _owner;

    private HubTestApp App => _app!;

    private TestUser Owner => _owner!;

    public async Task InitializeAsync()
    {
        _kafka = new KafkaMockCluster();
        _kafka.CreateTopic("vibe.default", 4); // the mock cannot create topics
        _app = await HubTestApp.StartAsync(fixture, new Dictionary<string, string?>
        {
            ["Vibe:Streams:Kafka:BootstrapServers"] = _kafka.BootstrapServers,
            ["Vibe:Streams:Kafka:Partitions"] = "4",
            ["Vibe:Streams:Kafka:CreateTopic"] = "false",
            ["Vibe:Streams:Kafka:FetchWaitMax"] = "00:00:00.010",
        });
        _owner = await App.Factory.RegisterAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _kafka?.Dispose();
    }

    [Fact]
    public async Task A_client_that_reconnects_with_its_last_token_gets_exactly_the_status_events_it_missed_in_order_then_live_ones()
    {
        var workspaceId = await App.CreateWorkspaceAsync(Owner, start: false);
        await App.ConnectAsync("resume-watcher", Owner);
        await App.ConnectAsync("resume-leaver", Owner);
        await App.Client.InvokeAsync("resume-watcher", "JoinWorkspace", workspaceId);
        await App.Client.InvokeAsync("resume-leaver", "JoinWorkspace", workspaceId);

        await App.EmitStatusAsync(workspaceId, 1, 3);
        var lastSeen = await App.WaitForStatusAsync("resume-leaver", "e3");
        var since = lastSeen.Arg.GetProperty("token").GetString()!;
        Assert.True(KafkaSequenceToken.TryParse(since, out _), $"'{since}' is a token");

        // The leaver goes away; the watcher keeps the web silo's one subscription while events go on.
        await App.Client.StopAsync("resume-leaver");
        await App.EmitStatusAsync(workspaceId, 4, 8);
        await App.WaitForStatusAsync("resume-watcher", "e8");

        await App.ConnectAsync("resume-back", Owner);
        var details = await App.Client.InvokeAsync("resume-back", "ResumeWorkspace", workspaceId, since, null);
        Assert.Equal(workspaceId, details.GetProperty("id").GetString());
        await App.WaitForStatusAsync("resume-back", "e8");
        await App.EmitStatusAsync(workspaceId, 9, 10);
        await App.WaitForStatusAsync("resume-back", "e10");
        await App.WaitForStatusAsync("resume-watcher", "e10");

        Assert.Equal(Labels(4, 10), Reasons("resume-back"));
        Assert.Equal(Labels(1, 10), Reasons("resume-watcher"));
        var tokens = StatusEvents("resume-back").Select(e => KafkaSequenceToken.Parse(e.Arg.GetProperty("token").GetString()!)).ToList();
        Assert.All(tokens.Zip(tokens.Skip(1)), pair => Assert.True(pair.First.CompareTo(pair.Second) < 0, "tokens rise"));
        Assert.DoesNotContain(App.Client.Events, e => e.Kind == "streamReset");
    }

    [Fact]
    public async Task A_client_that_resumes_status_and_logs_together_gets_what_it_missed_of_each_in_order_while_another_watches()
    {
        var workspaceId = await App.CreateWorkspaceAsync(Owner, start: false);
        await App.ConnectAsync("both-watcher", Owner);
        await App.ConnectAsync("both-leaver", Owner);
        await App.Client.InvokeAsync("both-watcher", "JoinWorkspace", workspaceId);
        await App.Client.InvokeAsync("both-leaver", "JoinWorkspace", workspaceId);
        await App.EmitStatusAsync(workspaceId, 1, 1);
        await EmitLogsAsync(workspaceId, 1, 2);
        var since = TokenOf(await App.WaitForStatusAsync("both-leaver", "e1"));
        var logsSince = TokenOf(await WaitForLogAsync("both-leaver", "l2"));

        await App.Client.StopAsync("both-leaver");
        for (var i = 2; i <= 4; i++)
        {
            await App.EmitStatusAsync(workspaceId, i, i);
            await EmitLogsAsync(workspaceId, (2 * i) - 1, 2 * i);
        }

        await WaitForLogAsync("both-watcher", "l8");
        await App.ConnectAsync("both-back", Owner);
        await App.Client.InvokeAsync("both-back", "ResumeWorkspace", workspaceId, since, logsSince);
        await EmitLogsAsync(workspaceId, 9, 10);
        await App.EmitStatusAsync(workspaceId, 5, 5);
        await App.WaitForStatusAsync("both-back", "e5");
        await WaitForLogAsync("both-back", "l10");
        await App.WaitForStatusAsync("both-watcher", "e5");
        await WaitForLogAsync("both-watcher", "l10");

        Assert.Equal(Labels(2, 5), Reasons("both-back"));
        Assert.Equal([.. Enumerable.Range(3, 8).Select(i => $"l{i}")], LogTexts("both-back"));
        Assert.Equal([.. Enumerable.Range(1, 10).Select(i => $"l{i}")], LogTexts("both-watcher"));
        Assert.DoesNotContain(App.Client.Events, e => e.Kind == "streamReset");
    }

    [Fact]
    public async Task A_reconnecting_client_that_was_alone_resumes_too()
    {
        var workspaceId = await App.CreateWorkspaceAsync(Owner, start: false);
        await App.ConnectAsync("alone-before", Owner);
        await App.Client.InvokeAsync("alone-before", "JoinWorkspace", workspaceId);
        await App.EmitStatusAsync(workspaceId, 1, 2);
        var since = (await App.WaitForStatusAsync("alone-before", "e2")).Arg.GetProperty("token").GetString()!;
        await App.Client.StopAsync("alone-before");
        await Eventually.Until(() => App.FanOut.Describe(HubGroups.Workspace(workspaceId)) == (0, 0), "the feed closed with its last viewer");

        // Nobody watches while these happen: only Kafka keeps them.
        await App.EmitStatusAsync(workspaceId, 3, 5);
        await App.ConnectAsync("alone-after", Owner);
        await App.Client.InvokeAsync("alone-after", "ResumeWorkspace", workspaceId, since, null);
        await App.WaitForStatusAsync("alone-after", "e5");
        await App.EmitStatusAsync(workspaceId, 6, 6);
        await App.WaitForStatusAsync("alone-after", "e6");

        Assert.Equal(Labels(3, 6), Reasons("alone-after"));
    }

    [Fact]
    public async Task A_client_resuming_after_everyone_left_gets_what_it_missed_without_waiting_for_another_event()
    {
        var workspaceId = await App.CreateWorkspaceAsync(Owner, start: false);
        await App.ConnectAsync("quiet-watcher", Owner);
        await App.ConnectAsync("quiet-leaver", Owner);
        await App.Client.InvokeAsync("quiet-watcher", "JoinWorkspace", workspaceId);
        await App.Client.InvokeAsync("quiet-leaver", "JoinWorkspace", workspaceId);
        await App.EmitStatusAsync(workspaceId, 1, 2);
        var since = TokenOf(await App.WaitForStatusAsync("quiet-leaver", "e2"));
        await App.Client.StopAsync("quiet-leaver");
        await App.EmitStatusAsync(workspaceId, 3, 4);
        await App.WaitForStatusAsync("quiet-watcher", "e4");

        // The last viewer leaves: the pulling agent forgets the stream, which stays quiet from here on.
        await App.Client.StopAsync("quiet-watcher");
        await Eventually.Until(() => App.FanOut.Describe(HubGroups.Workspace(workspaceId)) == (0, 0), "the feed closed with its last viewer");
        await App.ConnectAsync("quiet-back", Owner);
        await App.Client.InvokeAsync("quiet-back", "ResumeWorkspace", workspaceId, since, null);
        await App.WaitForStatusAsync("quiet-back", "e4");

        Assert.Equal(Labels(3, 4), Reasons("quiet-back"));
    }

    [Fact]
    public async Task An_agent_watcher_that_reconnects_with_its_last_token_gets_exactly_the_agent_events_it_missed()
    {
        var workspaceId = await App.CreateWorkspaceAsync(Owner, start: false);
        await App.ConnectAsync("agent-before", Owner);
        await App.Client.InvokeAsync("agent-before", "WatchAgent", workspaceId);
        await App.EmitAgentAsync(workspaceId, "r-resume", 1, 2);
        var since = (await WaitForAgentTextAsync("agent-before", "a2")).Arg.GetProperty("token").GetString()!;
        await App.Client.StopAsync("agent-before");
        await Eventually.Until(() => App.FanOut.Describe(HubGroups.Agent(workspaceId)) == (0, 0), "the agent feed closed with its last watcher");

        // Nobody watches while these happen: only Kafka keeps them.
        await App.EmitAgentAsync(workspaceId, "r-resume", 3, 4);
        await App.ConnectAsync("agent-after", Owner);
        await App.Client.InvokeAsync("agent-after", "ResumeAgent", workspaceId, since);
        await WaitForAgentTextAsync("agent-after", "a4");
        await App.EmitAgentAsync(workspaceId, "r-resume", 5, 5);
        await WaitForAgentTextAsync("agent-after", "a5");

        Assert.Equal(["a3", "a4", "a5"], App.Client.Events.Where(e => e.Is("agentEvent", "agent-after")).Select(e => e.Arg.GetProperty("text").GetString()!).ToArray());
    }

    [Fact]
    public async Task Lines_a_real_container_writes_reach_the_browser_in_order_and_resume_from_its_log_token_with_no_gap()
    {
        var workspaceId = await App.CreateWorkspaceAsync(Owner, start: true);
        await App.ConnectAsync("container-before", Owner);
        await App.Client.InvokeAsync("container-before", "JoinWorkspace", workspaceId);
        await WriteToContainerLogAsync(workspaceId, 1, 3);
        var logsSince = TokenOf(await WaitForLogAsync("container-before", "c3"));
        await App.Client.StopAsync("container-before");

        // Written while the browser is away: the workspace grain publishes them to Kafka all the same.
        await WriteToContainerLogAsync(workspaceId, 4, 6);
        await App.ConnectAsync("container-after", Owner);
        await App.Client.InvokeAsync("container-after", "ResumeWorkspace", workspaceId, null, logsSince);
        await WriteToContainerLogAsync(workspaceId, 7, 8);
        await WaitForLogAsync("container-after", "c8");

        Assert.Equal(["c1", "c2", "c3"], ContainerLines("container-before"));
        Assert.Equal(["c4", "c5", "c6", "c7", "c8"], ContainerLines("container-after"));
        Assert.DoesNotContain(App.Client.Events, e => e.Kind == "streamReset");
    }

    [Fact]
    public async Task Readers_asking_for_a_log_mark_within_the_reuse_period_share_one_mark()
    {
        var workspaceId = await App.CreateWorkspaceAsync(Owner, start: false);
        await App.ConnectAsync("mark-first", Owner);
        await App.ConnectAsync("mark-second", Owner);

        var first = (await App.Client.InvokeAsync("mark-first", "MarkLogs", workspaceId)).GetString();
        var second = (await App.Client.InvokeAsync("mark-second", "MarkLogs", workspaceId)).GetString();
        var again = (await App.Client.InvokeAsync("mark-first", "MarkLogs", workspaceId)).GetString();

        // One record for all three: a reader calling MarkLogs in a loop does not write to Kafka once per call.
        Assert.True(KafkaSequenceToken.TryParse(first, out _), $"'{first}' is a token");
        Assert.Equal(first, second);
        Assert.Equal(first, again);
    }

    [Fact]
    public async Task A_client_resuming_from_a_log_mark_gets_exactly_the_lines_stored_after_the_mark()
    {
        var workspaceId = await App.CreateWorkspaceAsync(Owner, start: false);
        await EmitLogsAsync(workspaceId, 1, 2);
        await App.ConnectAsync("mark-reader", Owner);
        var mark = (await App.Client.InvokeAsync("mark-reader", "MarkLogs", workspaceId)).GetString();
        Assert.True(KafkaSequenceToken.TryParse(mark, out _), $"'{mark}' is a token");

        // Stored after the mark while the client reads the tail, before it subscribes: they come first, then live lines.
        await EmitLogsAsync(workspaceId, 3, 4);
        await App.Client.InvokeAsync("mark-reader", "ResumeWorkspace", workspaceId, null, mark);
        await EmitLogsAsync(workspaceId, 5, 5);
        await WaitForLogAsync("mark-reader", "l5");

        Assert.Equal(["l3", "l4", "l5"], LogTexts("mark-reader"));
        Assert.DoesNotContain(App.Client.Events, e => e.Kind == "streamReset");
    }

    [Fact]
    public async Task A_token_the_server_never_sent_is_refused_with_the_expected_shape()
    {
        var workspaceId = await App.CreateWorkspaceAsync(Owner, start: false);
        await App.ConnectAsync("resume-bad", Owner);

        var refused = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("resume-bad", "ResumeWorkspace", workspaceId, "yesterday", null));
        Assert.Contains("since must be the token of an event this server sent (such as p3-o1200-e0)", refused.Message, StringComparison.Ordinal);
        var agent = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("resume-bad", "ResumeAgent", workspaceId, ""));
        Assert.Contains("since must be", agent.Message, StringComparison.Ordinal);
    }

    private static string[] Labels(int from, int to) => [.. Enumerable.Range(from, to - from + 1).Select(i => $"e{i}")];

    /// <summary>Publishes log lines l{from}..l{to} on the workspace's log stream in one batch, as the workspace grain does.</summary>
    private async Task EmitLogsAsync(string workspaceId, int from, int to)
    {
        var stream = App.Factory.Services.GetRequiredService<IClusterClient>()
            .GetStreamProvider(WorkspaceStreams.Provider)
            .GetStream<WorkspaceLogLine>(StreamId.Create(WorkspaceStreams.Logs, workspaceId));
        await stream.OnNextBatchAsync([.. Enumerable.Range(from, to - from + 1).Select(i => new WorkspaceLogLine(workspaceId, WorkspaceLogStream.Stdout, $"l{i}", DateTimeOffset.UtcNow))]);
    }

    /// <summary>Has the workspace's main process write lines c{from}..c{to} to its stdout, one write each, in order.</summary>
    private Task WriteToContainerLogAsync(string workspaceId, int from, int to) =>
        App.Rest.CallAsync(Owner, HttpMethod.Post, $"/api/v1/workspaces/{workspaceId}/exec", new
        {
            command = new[] { "sh", "-c", $"for i in $(seq {from} {to}); do echo c$i > /proc/1/fd/1; done" },
        });

    private string[] ContainerLines(string client) => [.. LogTexts(client).Where(text => text.StartsWith('c'))];

    private static string TokenOf(HubClientEvent e) => e.Arg.GetProperty("token").GetString()!;

    private string[] LogTexts(string client) => [.. App.Client.Events.Where(e => e.Is("log", client)).Select(e => e.Arg.GetProperty("text").GetString()!)];

    private Task<HubClientEvent> WaitForLogAsync(string client, string text) =>
        App.Client.WaitForAsync(e => e.Is("log", client) && e.Arg.GetProperty("text").GetString() == text, $"{client}'s log line {text}");

    private Task<HubClientEvent> WaitForAgentTextAsync(string client, string text) =>
        App.Client.WaitForAsync(e => e.Is("agentEvent", client) && e.Arg.GetProperty("text").GetString() == text, $"{client}'s agent event {text}");

    private IEnumerable<HubClientEvent> StatusEvents(string client) => App.Client.Events.Where(e => e.Is("status", client));

    private string[] Reasons(string client) => [.. StatusEvents(client).Select(e => e.Arg.GetProperty("reason").GetString()!)];
}
