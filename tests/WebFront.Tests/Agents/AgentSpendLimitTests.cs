using Vibe.FakeProviders;
using Vibe.WebFront.Tests.Hubs;

namespace Vibe.WebFront.Tests.Agents;

/// <summary>
/// Limits on AI spend where runs start (issue 18, item 5): concurrent runs per user and per team, and a daily token budget,
/// refused through the hub with a message the agent panel shows, before anything reaches the model.
/// </summary>
[Collection(WebFrontCollection.Name)]
public sealed class AgentSpendLimitTests(WebFrontFixture fixture) : IAsyncLifetime
{
    private FakeProviderServer? _fake;
    private HubTestApp? _app;

    private FakeProviderServer Fake => _fake!;

    private HubTestApp App => _app!;

    public async Task InitializeAsync()
    {
        _fake = await FakeProviderServer.StartAsync();
        _app = await HubTestApp.StartAsync(fixture, FakeProviderConfiguration.For(Fake, new Dictionary<string, string?>
        {
            ["Vibe:Agent:MaxConcurrentRunsPerUser"] = "1",
            ["Vibe:Agent:MaxConcurrentRunsPerTeam"] = "2",
            ["Vibe:Agent:DailyTokenBudgetPerUser"] = "100",
        }));
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_fake is not null)
        {
            await _fake.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_user_runs_one_at_a_time_and_not_past_the_days_token_budget()
    {
        var user = await App.Factory.RegisterAsync();
        var gate = new FakeGate();
        Fake.Enqueue(FakeTurn.Text("working").WaitFor(gate).WithUsage(90, 30));
        var first = await App.CreateWorkspaceAsync(user, start: false);
        var second = await App.CreateWorkspaceAsync(user, start: false);
        await App.ConnectAsync("spend-user", user);
        await App.Client.InvokeAsync("spend-user", "WatchAgent", first);
        var runId = (await App.Client.InvokeAsync("spend-user", "StartAgentRun", first, await CreateThreadAsync("spend-user", first), "one")).GetProperty("runId").GetString()!;
        await gate.Reached;
        var threadTwo = await CreateThreadAsync("spend-user", second);

        var busy = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("spend-user", "StartAgentRun", second, threadTwo, "two"));
        Assert.Contains("You have reached the limit of 1 AI agent runs going at once; wait for one to finish or stop it.", busy.Message, StringComparison.Ordinal);

        gate.Release();
        await App.Client.WaitForAsync(e => e.Is("agentEvent", "spend-user") && e.Arg.GetProperty("runId").GetString() == runId && e.Arg.GetProperty("kind").GetString() == "finished", "the run's Finished event", TimeSpan.FromSeconds(60));
        var spent = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("spend-user", "StartAgentRun", second, threadTwo, "three"));
        Assert.Contains("of your 100 AI agent tokens for today; the budget renews at midnight UTC.", spent.Message, StringComparison.Ordinal);
        Assert.Single(Fake.Requests);
    }

    [Fact]
    public async Task A_team_runs_at_most_its_number_at_once_and_a_refused_start_keeps_no_place()
    {
        var owner = await App.Factory.RegisterAsync();
        var first = await App.Factory.RegisterAsync();
        var second = await App.Factory.RegisterAsync();
        var teamId = await App.Rest.CreateTeamAsync(owner, (first, "Member"), (second, "Member"));
        var gate = new FakeGate();
        Fake.Enqueue(FakeTurn.Text("a").WaitFor(gate).WithUsage(1, 1), FakeTurn.Text("b").WaitFor(gate).WithUsage(1, 1), FakeTurn.Text("personal").WithUsage(1, 1));
        foreach (var (client, user) in new[] { ("spend-first", first), ("spend-second", second) })
        {
            var workspace = await App.CreateWorkspaceAsync(owner, start: false, teamId);
            await App.ConnectAsync(client, user);
            await App.Client.InvokeAsync(client, "StartAgentRun", workspace, await CreateThreadAsync(client, workspace), "go");
        }

        var teamWorkspace = await App.CreateWorkspaceAsync(owner, start: false, teamId);
        await App.ConnectAsync("spend-owner", owner);
        var refused = await Assert.ThrowsAsync<HubClientException>(async () =>
            await App.Client.InvokeAsync("spend-owner", "StartAgentRun", teamWorkspace, await CreateThreadAsync("spend-owner", teamWorkspace), "third"));
        Assert.Contains("This team has reached its limit of 2 AI agent runs going at once; wait for one to finish or stop it.", refused.Message, StringComparison.Ordinal);

        // The owner's own place was given back: a personal run starts.
        var personal = await App.CreateWorkspaceAsync(owner, start: false);
        await App.Client.InvokeAsync("spend-owner", "StartAgentRun", personal, await CreateThreadAsync("spend-owner", personal), "mine");
        gate.Release();
    }

    private async Task<string> CreateThreadAsync(string client, string workspaceId) =>
        (await App.Client.InvokeAsync(client, "CreateAgentThread", workspaceId, "spend test")).GetProperty("threadId").GetString()!;
}
