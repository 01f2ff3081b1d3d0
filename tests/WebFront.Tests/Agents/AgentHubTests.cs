using System.Text.Json;
using Vibe.FakeProviders;
using Vibe.WebFront.Tests.Hubs;

namespace Vibe.WebFront.Tests.Agents;

/// <summary>
/// The AI agent's hub methods through the real @microsoft/signalr client: who may start, stop and revert runs, what a
/// stranger sees, the message without a provider, and a scripted run (the fake provider server on loopback) whose events
/// reach a watcher in order.
/// </summary>
[Collection(WebFrontCollection.Name)]
public sealed class AgentHubTests(WebFrontFixture fixture) : HubAppTests(fixture)
{
    private FakeProviderServer? _fake;

    private FakeProviderServer Fake => _fake!;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_fake is not null)
        {
            await _fake.DisposeAsync();
        }
    }

    private protected override async Task<HubTestApp> StartAppAsync(WebFrontFixture webFront)
    {
        _fake = await FakeProviderServer.StartAsync();
        return await HubTestApp.StartAsync(webFront, FakeProviderConfiguration.For(Fake));
    }

    [Fact]
    public async Task A_viewer_can_watch_and_read_the_chat_but_cannot_start_stop_or_revert_a_run()
    {
        var viewer = await App.Factory.RegisterAsync();
        var teamId = await App.Rest.CreateTeamAsync(Owner, (viewer, "Viewer"));
        var workspaceId = await App.CreateWorkspaceAsync(Owner, start: false, teamId);
        await App.ConnectAsync("agent-team-owner", Owner);
        await App.ConnectAsync("agent-team-viewer", viewer);
        var threadId = await CreateThreadAsync("agent-team-owner", workspaceId);

        await App.Client.InvokeAsync("agent-team-viewer", "WatchAgent", workspaceId);
        var threads = await App.Client.InvokeAsync("agent-team-viewer", "ListAgentThreads", workspaceId);
        Assert.Contains(threadId, threads.EnumerateArray().Select(t => t.GetProperty("threadId").GetString()));

        var starting = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("agent-team-viewer", "StartAgentRun", workspaceId, threadId, "delete everything"));
        Assert.Contains("you need write access to ask the AI agent", starting.Message, StringComparison.Ordinal);
        var stopping = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("agent-team-viewer", "CancelAgentRun", workspaceId, "r-0123456789ab"));
        Assert.Contains("you need write access to stop an AI agent run", stopping.Message, StringComparison.Ordinal);
        var reverting = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("agent-team-viewer", "RevertAgentRun", workspaceId, "r-0123456789ab"));
        Assert.Contains("you need write access to revert an AI agent run", reverting.Message, StringComparison.Ordinal);
        var creating = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("agent-team-viewer", "CreateAgentThread", workspaceId, "mine"));
        Assert.Contains("you need write access to start an AI conversation", creating.Message, StringComparison.Ordinal);

        // The refused prompt never reached the model, and no run was recorded.
        Assert.Empty(Fake.Requests);
        var runs = await App.Client.InvokeAsync("agent-team-owner", "GetAgentThreadRuns", workspaceId, threadId);
        Assert.Equal(0, runs.GetArrayLength());
    }

    [Fact]
    public async Task Someone_elses_workspace_is_not_found()
    {
        var workspaceId = await App.CreateWorkspaceAsync(Owner, start: false);
        await App.ConnectAsync("agent-target-owner", Owner);
        var threadId = await CreateThreadAsync("agent-target-owner", workspaceId);
        var stranger = await App.Factory.RegisterAsync();
        await App.ConnectAsync("agent-stranger", stranger);

        foreach (var (method, args) in new (string, object[])[]
        {
            ("WatchAgent", [workspaceId]),
            ("ListAgentThreads", [workspaceId]),
            ("CreateAgentThread", [workspaceId, "hello"]),
            ("GetAgentThreadRuns", [workspaceId, threadId]),
            ("StartAgentRun", [workspaceId, threadId, "hello"]),
            ("CancelAgentRun", [workspaceId, "r-0123456789ab"]),
            ("RevertAgentRun", [workspaceId, "r-0123456789ab"]),
            ("WatchAgent", ["no-such-workspace"]),
        })
        {
            var refused = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("agent-stranger", method, args));
            Assert.EndsWith("workspace not found", refused.Message, StringComparison.Ordinal);
        }

        Assert.Empty(Fake.Requests);
        Assert.DoesNotContain(App.Client.Events, e => e.Client == "agent-stranger" && e.Kind == "agentEvent");
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_message()
    {
        var workspaceId = await App.CreateWorkspaceAsync(Owner, start: false);
        await App.ConnectAsync("agent-bad-input", Owner);
        var threadId = await CreateThreadAsync("agent-bad-input", workspaceId);

        var tooLong = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("agent-bad-input", "StartAgentRun", workspaceId, threadId, new string('x', 40_000)));
        Assert.Contains("the prompt is 40000 characters long", tooLong.Message, StringComparison.Ordinal);
        var empty = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("agent-bad-input", "StartAgentRun", workspaceId, threadId, "  "));
        Assert.Contains("prompt is required", empty.Message, StringComparison.Ordinal);
        var noThread = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("agent-bad-input", "StartAgentRun", workspaceId, "t-doesnotexist", "hi"));
        Assert.Contains("no chat thread", noThread.Message, StringComparison.Ordinal);
        var badThread = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("agent-bad-input", "GetAgentThreadRuns", workspaceId, "../other/t-1"));
        Assert.Contains("chat thread not found", badThread.Message, StringComparison.Ordinal);
        Assert.Empty(Fake.Requests);
    }

    [Fact]
    public async Task A_scripted_runs_events_reach_a_watcher_in_order()
    {
        var viewer = await App.Factory.RegisterAsync();
        var teamId = await App.Rest.CreateTeamAsync(Owner, (viewer, "Viewer"));
        var workspaceId = await App.CreateWorkspaceAsync(Owner, start: true, teamId);
        await App.ConnectAsync("agent-asker", Owner);
        await App.ConnectAsync("agent-watcher", viewer);
        await App.Client.InvokeAsync("agent-watcher", "WatchAgent", workspaceId);
        var threadId = await CreateThreadAsync("agent-asker", workspaceId);
        Fake.Enqueue(
            FakeTurn.Text("I'll write ", "the file.").WithToolCall("write_file", """{"path":"notes/hello.txt","content":"hello from the agent\n"}""", "call-write"),
            FakeTurn.Text("Done: ", "`notes/hello.txt` says hello."));

        var started = await App.Client.InvokeAsync("agent-asker", "StartAgentRun", workspaceId, threadId, "write a greeting");
        var runId = started.GetProperty("runId").GetString()!;
        Assert.Equal(threadId, started.GetProperty("threadId").GetString());

        await App.Client.WaitForAsync(e => IsRunEvent(e, "agent-watcher", runId) && e.Arg.GetProperty("kind").GetString() == "finished", "the run's Finished event at the watcher", TimeSpan.FromSeconds(60));
        var events = App.Client.Events.Where(e => IsRunEvent(e, "agent-watcher", runId)).Select(e => e.Arg).ToList();

        // Every event, once, in order: sequences 1..n without gaps.
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.GetProperty("sequence").GetInt64()));
        var kinds = events.Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal("started", kinds[0]);
        Assert.Equal("finished", kinds[^1]);
        Assert.Equal("completed", events[^1].GetProperty("status").GetString());
        var toolStarted = kinds.IndexOf("toolCallStarted");
        var toolFinished = kinds.IndexOf("toolCallFinished");
        Assert.True(toolStarted > 0 && toolFinished > toolStarted, $"tool call events in order: {string.Join(", ", kinds)}");
        Assert.Equal("write_file", events[toolStarted].GetProperty("toolName").GetString());
        Assert.False(events[toolFinished].GetProperty("isError").GetBoolean());
        var text = string.Concat(events.Where(e => e.GetProperty("kind").GetString() == "textDelta").Select(e => e.GetProperty("text").GetString()));
        Assert.Equal("I'll write the file.Done: `notes/hello.txt` says hello.", text);
        Assert.Contains(kinds, k => k == "usage");

        // The tool's result went back to the model in the second request.
        Assert.Equal(2, Fake.Requests.Count);
        var result = Assert.Single(Fake.Requests[1].ToolResults());
        Assert.Equal("call-write", result.ToolCallId);
        Assert.False(result.IsError);

        // The run as the panel reloads it: finished, with the file it changed.
        var runs = await App.Client.InvokeAsync("agent-asker", "GetAgentThreadRuns", workspaceId, threadId);
        var run = Assert.Single(runs.EnumerateArray());
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Contains("notes/hello.txt", run.GetProperty("changedFiles").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task A_team_provider_on_a_loopback_address_is_never_contacted_and_the_run_says_why_without_its_answer()
    {
        // The issue's case: a self-registered user points their team's provider at a server on 127.0.0.1.
        await using var internalServer = await FakeProviderServer.StartAsync();
        internalServer.Enqueue(FakeTurn.Text("INTERNAL-SECRET-DATA db_password=hunter2"));
        var teamId = await App.Rest.CreateTeamAsync(Owner);
        var workspaceId = await App.CreateWorkspaceAsync(Owner, start: true, teamId);
        await App.Rest.CallAsync(Owner, HttpMethod.Put, $"/api/v1/teams/{teamId}/agent-provider",
            new { kind = "openai", endpoint = new Uri(internalServer.BaseAddress, "v1").ToString(), apiKey = internalServer.ApiKey, model = "gpt-fake" });
        await App.ConnectAsync("agent-ssrf", Owner);
        await App.Client.InvokeAsync("agent-ssrf", "WatchAgent", workspaceId);
        var threadId = await CreateThreadAsync("agent-ssrf", workspaceId);

        var started = await App.Client.InvokeAsync("agent-ssrf", "StartAgentRun", workspaceId, threadId, "what do you know?");

        var runId = started.GetProperty("runId").GetString()!;
        var finished = await App.Client.WaitForAsync(e => IsRunEvent(e, "agent-ssrf", runId) && e.Arg.GetProperty("kind").GetString() == "finished", "the run's Finished event", TimeSpan.FromSeconds(60));
        Assert.Equal("failed", finished.Arg.GetProperty("status").GetString());
        var error = finished.Arg.GetProperty("error").GetString();
        Assert.Contains("127.0.0.1 is not a public address", error, StringComparison.Ordinal);
        var seen = string.Concat(App.Client.Events.Where(e => IsRunEvent(e, "agent-ssrf", runId)).Select(e => e.Arg.ToString()));
        Assert.DoesNotContain("INTERNAL-SECRET-DATA", seen, StringComparison.Ordinal);
        Assert.Empty(internalServer.Requests);
    }

    [Fact]
    public async Task A_team_admin_who_changes_the_endpoint_cannot_have_the_owners_key_sent_there()
    {
        // The issue's case: the owner set a write-only key; an admin points the endpoint at a server of their own.
        await using var ownersProvider = await FakeProviderServer.StartAsync("sk-owners-write-only-key-0001");
        await using var adminsServer = await FakeProviderServer.StartAsync("sk-admins-own-server-key-0002");
        adminsServer.Enqueue(FakeTurn.Text("thanks for the key"));
        var admin = await App.Factory.RegisterAsync();
        var teamId = await App.Rest.CreateTeamAsync(Owner, (admin, "Admin"));
        var workspaceId = await App.CreateWorkspaceAsync(Owner, start: false, teamId);
        await App.Rest.CallAsync(Owner, HttpMethod.Put, "/api/v1/admin/settings", new { allowedAgentEndpoints = new[] { ownersProvider.BaseAddress.ToString(), adminsServer.BaseAddress.ToString() } });
        var path = $"/api/v1/teams/{teamId}/agent-provider";
        await App.Rest.CallAsync(Owner, HttpMethod.Put, path, new { kind = "openai", endpoint = new Uri(ownersProvider.BaseAddress, "v1").ToString(), apiKey = ownersProvider.ApiKey, model = "gpt-fake" });

        var changed = await App.Rest.CallAsync(admin, HttpMethod.Put, path, new { kind = "openai", endpoint = new Uri(adminsServer.BaseAddress, "v1").ToString(), model = "gpt-fake" });
        Assert.False(changed.GetProperty("hasApiKey").GetBoolean());

        await App.ConnectAsync("agent-key-thief", admin);
        await App.Client.InvokeAsync("agent-key-thief", "WatchAgent", workspaceId);
        var threadId = await CreateThreadAsync("agent-key-thief", workspaceId);
        var runId = (await App.Client.InvokeAsync("agent-key-thief", "StartAgentRun", workspaceId, threadId, "hello")).GetProperty("runId").GetString()!;
        await App.Client.WaitForAsync(e => IsRunEvent(e, "agent-key-thief", runId) && e.Arg.GetProperty("kind").GetString() == "finished", "the run's Finished event", TimeSpan.FromSeconds(60));

        Assert.NotEmpty(adminsServer.PresentedKeys);
        Assert.DoesNotContain(ownersProvider.ApiKey, adminsServer.PresentedKeys);
        Assert.Empty(ownersProvider.PresentedKeys);

        // Changing only the kind drops it too; keeping kind and endpoint keeps it.
        await App.Rest.CallAsync(Owner, HttpMethod.Put, path, new { kind = "openai", endpoint = new Uri(ownersProvider.BaseAddress, "v1").ToString(), apiKey = ownersProvider.ApiKey, model = "gpt-fake" });
        Assert.True((await App.Rest.CallAsync(admin, HttpMethod.Put, path, new { kind = "openai", endpoint = new Uri(ownersProvider.BaseAddress, "v1").ToString(), model = "renamed" })).GetProperty("hasApiKey").GetBoolean());
        var (refused, problem) = await App.Rest.SendAsync(admin, HttpMethod.Put, path, new { kind = "anthropic", endpoint = new Uri(ownersProvider.BaseAddress, "v1").ToString(), model = "claude" });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused);
        Assert.Contains("kept only while the kind and endpoint stay the same", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<string> CreateThreadAsync(string client, string workspaceId)
    {
        var thread = await App.Client.InvokeAsync(client, "CreateAgentThread", workspaceId, "hub test");
        return thread.GetProperty("threadId").GetString()!;
    }

    private static bool IsRunEvent(HubClientEvent e, string client, string runId) =>
        e.Is("agentEvent", client) && e.Arg.GetProperty("runId").GetString() == runId;
}
