using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Vibe.Grains.Interfaces.Agents;
using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.WebFront.Tests.Hubs;

/// <summary>
/// The web silo restarts while a browser watches a workspace: its hub connection drops, events go on being stored in Kafka
/// (the real provider, on librdkafka's mock cluster) while no web silo runs and after the new one starts, and the browser,
/// reconnecting to the new process with the last tokens it saw, gets every status event, log line and agent event it
/// missed, in order, with no gap and no repeat.
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
    public async Task A_browser_reconnecting_to_the_restarted_web_silo_resumes_its_status_log_and_agent_views_with_no_gap()
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
        string logsSince;
        TestUser owner;
        await using (var before = await HubTestApp.StartAsync(new WebFrontFactory(database, settings, fixture.Docker, dataDirectory: _data.FullName)))
        {
            owner = await before.Factory.RegisterAsync();
            workspaceId = await before.CreateWorkspaceAsync(owner, start: false);
            await before.ConnectAsync("browser", owner);
            await before.Client.InvokeAsync("browser", "JoinWorkspace", workspaceId);
            await before.Client.InvokeAsync("browser", "WatchAgent", workspaceId);
            await before.EmitStatusAsync(workspaceId, 1, 3);
            await before.EmitAgentAsync(workspaceId, "r-restart", 1, 2);
            await EmitLogsAsync(before, workspaceId, 1, 3);
            statusSince = TokenOf(await before.Client.WaitForAsync(e => e.Is("status", "browser") && Reason(e) == "e3", "status e3 before the restart"));
            logsSince = TokenOf(await before.Client.WaitForAsync(e => e.Is("log", "browser") && Text(e) == "l3", "log line l3 before the restart"));
            agentSince = TokenOf(await before.Client.WaitForAsync(e => e.Is("agentEvent", "browser") && Text(e) == "a2", "agent event a2 before the restart"));

            // Stored while the browser is still connected but the web silo is going away: the browser never saw these.
            await before.Client.StopAsync("browser");
            await before.EmitStatusAsync(workspaceId, 4, 5);
            await before.EmitAgentAsync(workspaceId, "r-restart", 3, 3);
            await EmitLogsAsync(before, workspaceId, 4, 5);
        }

        await using var after = await HubTestApp.StartAsync(new WebFrontFactory(database, settings, fixture.Docker, dataDirectory: _data.FullName));
        await after.EmitStatusAsync(workspaceId, 6, 6);
        await after.EmitAgentAsync(workspaceId, "r-restart", 4, 4);
        await EmitLogsAsync(after, workspaceId, 6, 6);

        await after.ConnectAsync("browser-again", owner);
        await after.Client.InvokeAsync("browser-again", "ResumeWorkspace", workspaceId, statusSince, logsSince);
        await after.Client.InvokeAsync("browser-again", "ResumeAgent", workspaceId, agentSince);
        await after.Client.WaitForAsync(e => e.Is("status", "browser-again") && Reason(e) == "e6", "status e6 after the restart");
        await after.Client.WaitForAsync(e => e.Is("agentEvent", "browser-again") && Text(e) == "a4", "agent event a4 after the restart");
        await after.Client.WaitForAsync(e => e.Is("log", "browser-again") && Text(e) == "l6", "log line l6 after the restart");
        await after.EmitStatusAsync(workspaceId, 7, 7);
        await EmitLogsAsync(after, workspaceId, 7, 8);
        await after.Client.WaitForAsync(e => e.Is("status", "browser-again") && Reason(e) == "e7", "the live status e7");
        await after.Client.WaitForAsync(e => e.Is("log", "browser-again") && Text(e) == "l8", "the live log line l8");

        Assert.Equal(["e4", "e5", "e6", "e7"], after.Client.Events.Where(e => e.Is("status", "browser-again")).Select(Reason).ToArray());
        Assert.Equal(["a3", "a4"], after.Client.Events.Where(e => e.Is("agentEvent", "browser-again")).Select(Text).ToArray());
        Assert.Equal(["l4", "l5", "l6", "l7", "l8"], after.Client.Events.Where(e => e.Is("log", "browser-again")).Select(Text).ToArray());
        Assert.DoesNotContain(after.Client.Events, e => e.Kind == "streamReset");
    }

    private static string TokenOf(HubClientEvent e) => e.Arg.GetProperty("token").GetString()!;

    private static string Reason(HubClientEvent e) => e.Arg.TryGetProperty("reason", out var reason) ? reason.GetString() ?? "" : "";

    private static string Text(HubClientEvent e) => e.Arg.TryGetProperty("text", out var text) ? text.GetString() ?? "" : "";

    /// <summary>
    /// Publishes log lines l{from}..l{to} on the workspace's log stream, as its grain does with Kafka configured: one batch
    /// (one record) for the first two lines, one line at a time after that.
    /// </summary>
    private static async Task EmitLogsAsync(HubTestApp app, string workspaceId, int from, int to)
    {
        var stream = app.Factory.Services.GetRequiredService<IClusterClient>()
            .GetStreamProvider(WorkspaceStreams.Provider)
            .GetStream<WorkspaceLogLine>(StreamId.Create(WorkspaceStreams.Logs, workspaceId));
        WorkspaceLogLine Line(int i) => new(workspaceId, WorkspaceLogStream.Stdout, $"l{i}", DateTimeOffset.UtcNow);
        var batched = Math.Min(to, from + 1);
        await stream.OnNextBatchAsync(Enumerable.Range(from, batched - from + 1).Select(Line).ToList());
        for (var i = batched + 1; i <= to; i++)
        {
            await stream.OnNextAsync(Line(i));
        }
    }
}
