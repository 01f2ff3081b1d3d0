using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Vibe.Grains.Agents;
using Vibe.Grains.Workspaces;
using Vibe.Streams.Kafka.Tests.Fixtures;

namespace Vibe.WebFront.Tests.Hubs;

/// <summary>
/// The web silo restarts while a browser watches a workspace: its hub connection drops, events go on being stored in Kafka
/// (the real provider, on librdkafka's mock cluster) while no web silo runs and after the new one starts, and the browser,
/// reconnecting to the new process with the last token it saw, gets every status and agent event it missed, in order,
/// with no gap and no repeat.
/// </summary>
[Collection(WebFrontCollection.Name)]
public sealed class HubRestartResumeTests(WebFrontFixture fixture) : IDisposable
{
    private readonly KafkaMockCluster _kafka = new();
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("vibe-webfront-restart-");

    public void Dispose()
    {
        _kafka.Dispose();
        _data.Delete(recursive: true);
    }

    [Fact]
    public async Task ABrowserReconnectingToTheRestartedWebSiloResumesItsStatusAndAgentViewsWithNoGap()
    {
        _kafka.CreateTopic("vibe.default", 4); // the mock cannot create topics
        var database = await fixture.Postgres.CreateDatabaseAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Vibe:Streams:Kafka:BootstrapServers"] = _kafka.BootstrapServers,
            ["Vibe:Streams:Kafka:Partitions"] = "4",
            ["Vibe:Streams:Kafka:CreateTopic"] = "false",
            ["Vibe:Streams:Kafka:FetchWaitMax"] = "00:00:00.010",
            ["Vibe:Silo:ServiceId"] = "webtest-restart-" + Guid.NewGuid().ToString("N")[..8],
        };

        string workspaceId;
        string statusSince;
        string agentSince;
        TestUser owner;
        await using (var before = await HubTestApp.StartAsync(new WebFrontFactory(database, settings, fixture.Docker, dataDirectory: _data.FullName)))
        {
            owner = await before.Factory.RegisterAsync();
            workspaceId = await before.CreateWorkspaceAsync(owner, start: false);
            await before.ConnectAsync("browser", owner);
            await before.Client.InvokeAsync("browser", "JoinWorkspace", workspaceId);
            await before.Client.InvokeAsync("browser", "WatchAgent", workspaceId);
            await EmitStatusAsync(before, workspaceId, 1, 3);
            await EmitAgentAsync(before, workspaceId, 1, 2);
            statusSince = TokenOf(await before.Client.WaitForAsync(e => e.Is("status", "browser") && Reason(e) == "e3", "status e3 before the restart"));
            agentSince = TokenOf(await before.Client.WaitForAsync(e => e.Is("agentEvent", "browser") && Text(e) == "a2", "agent event a2 before the restart"));

            // Stored while the browser is still connected but the web silo is going away: the browser never saw these.
            await before.Client.StopAsync("browser");
            await EmitStatusAsync(before, workspaceId, 4, 5);
            await EmitAgentAsync(before, workspaceId, 3, 3);
        }

        await using var after = await HubTestApp.StartAsync(new WebFrontFactory(database, settings, fixture.Docker, dataDirectory: _data.FullName));
        await EmitStatusAsync(after, workspaceId, 6, 6);
        await EmitAgentAsync(after, workspaceId, 4, 4);

        await after.ConnectAsync("browser-again", owner);
        await after.Client.InvokeAsync("browser-again", "ResumeWorkspace", workspaceId, statusSince);
        await after.Client.InvokeAsync("browser-again", "ResumeAgent", workspaceId, agentSince);
        await after.Client.WaitForAsync(e => e.Is("status", "browser-again") && Reason(e) == "e6", "status e6 after the restart");
        await after.Client.WaitForAsync(e => e.Is("agentEvent", "browser-again") && Text(e) == "a4", "agent event a4 after the restart");
        await EmitStatusAsync(after, workspaceId, 7, 7);
        await after.Client.WaitForAsync(e => e.Is("status", "browser-again") && Reason(e) == "e7", "the live status e7");

        Assert.Equal(["e4", "e5", "e6", "e7"], after.Client.Events.Where(e => e.Is("status", "browser-again")).Select(Reason).ToArray());
        Assert.Equal(["a3", "a4"], after.Client.Events.Where(e => e.Is("agentEvent", "browser-again")).Select(Text).ToArray());
        Assert.DoesNotContain(after.Client.Events, e => e.Kind == "streamReset");
    }

    private static string TokenOf(HubClientEvent e) => e.Arg.GetProperty("token").GetString()!;

    private static string Reason(HubClientEvent e) => e.Arg.TryGetProperty("reason", out var reason) ? reason.GetString() ?? "" : "";

    private static string Text(HubClientEvent e) => e.Arg.TryGetProperty("text", out var text) ? text.GetString() ?? "" : "";

    /// <summary>Publishes status events whose reasons are e{from}..e{to} on the workspace's stream, each acknowledged by Kafka.</summary>
    private static async Task EmitStatusAsync(HubTestApp app, string workspaceId, int from, int to)
    {
        var stream = app.Factory.Services.GetRequiredService<IClusterClient>()
            .GetStreamProvider(WorkspaceStreams.Provider)
            .GetStream<WorkspaceStatusChanged>(StreamId.Create(WorkspaceStreams.Status, workspaceId));
        for (var i = from; i <= to; i++)
        {
            await stream.OnNextAsync(new WorkspaceStatusChanged(workspaceId, WorkspaceStatus.Stopped, WorkspaceStatus.Stopped, DateTimeOffset.UtcNow, $"e{i}"));
        }
    }

    /// <summary>Publishes agent events of one run whose texts are a{from}..a{to} on the workspace's agent stream.</summary>
    private static async Task EmitAgentAsync(HubTestApp app, string workspaceId, int from, int to)
    {
        var stream = app.Factory.Services.GetRequiredService<IClusterClient>()
            .GetStreamProvider(WorkspaceStreams.Provider)
            .GetStream<AgentRunEvent>(StreamId.Create(AgentStreams.Events, workspaceId));
        for (var i = from; i <= to; i++)
        {
            await stream.OnNextAsync(new AgentRunEvent(workspaceId, "r-restart", i, AgentRunEventKind.TextDelta, DateTimeOffset.UtcNow, $"a{i}"));
        }
    }
}
