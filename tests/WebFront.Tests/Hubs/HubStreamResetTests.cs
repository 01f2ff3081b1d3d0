using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.Streams.Kafka;
using Vibe.TestSupport;
using Vibe.WebFront.Hubs;

namespace Vibe.WebFront.Tests.Hubs;

/// <summary>
/// A client resuming from a token older than the provider's rewind window (here 0: a record leaves the cache once
/// delivered) is told to reset ("streamReset"), then gets live events: no replay of what the stream no longer holds.
/// Its events were delivered to a watcher who then left too, so the pulling agent had forgotten the stream (it drops a
/// stream with its last subscriber): the reset still comes at once, not only with the stream's next event.
/// </summary>
[Collection(WebFrontCollection.Name)]
public sealed class HubStreamResetTests(WebFrontFixture fixture) : IAsyncLifetime
{
    private KafkaMockCluster? _kafka;
    private HubTestApp? _app;

    private HubTestApp App => _app!;

    public async Task InitializeAsync()
    {
        _kafka = new KafkaMockCluster();
        _kafka.CreateTopic("vibe.default", 1); // the mock cannot create topics
        _app = await HubTestApp.StartAsync(fixture, new Dictionary<string, string?>
        {
            ["Vibe:Streams:Kafka:BootstrapServers"] = _kafka.BootstrapServers,
            ["Vibe:Streams:Kafka:Partitions"] = "1",
            ["Vibe:Streams:Kafka:CreateTopic"] = "false",
            ["Vibe:Streams:Kafka:FetchWaitMax"] = "00:00:00.010",
            ["Vibe:Streams:Kafka:RewindWindow"] = "00:00:00",
        });
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
    public async Task A_client_resuming_from_a_token_the_stream_no_longer_holds_is_told_to_reset_then_gets_live_events()
    {
        var owner = await App.Factory.RegisterAsync();
        var workspaceId = await App.CreateWorkspaceAsync(owner, start: false);
        await App.ConnectAsync("reset-watcher", owner);
        await App.ConnectAsync("reset-leaver", owner);
        await App.Client.InvokeAsync("reset-watcher", "JoinWorkspace", workspaceId);
        await App.Client.InvokeAsync("reset-leaver", "JoinWorkspace", workspaceId);
        await App.EmitStatusAsync(workspaceId, 1, 2);
        var since = (await App.WaitForStatusAsync("reset-leaver", "e2")).Arg.GetProperty("token").GetString()!;
        await App.Client.StopAsync("reset-leaver");
        await App.EmitStatusAsync(workspaceId, 3, 4);
        await App.WaitForStatusAsync("reset-watcher", "e4");
        await App.Client.StopAsync("reset-watcher");
        await Eventually.Until(() => App.FanOut.Describe(HubGroups.Workspace(workspaceId)) == (0, 0), "the feed closed with its last viewer");
        await Eventually.Until(() => CoveredFrom() > KafkaSequenceToken.Parse(since).SequenceNumber, "the cache to drop the delivered records");

        await App.ConnectAsync("reset-back", owner);
        await App.Client.InvokeAsync("reset-back", "ResumeWorkspace", workspaceId, since, null);
        var reset = await App.Client.WaitForAsync(e => e.Is("streamReset", "reset-back"), "reset-back's streamReset");
        await App.EmitStatusAsync(workspaceId, 5, 5);
        await App.WaitForStatusAsync("reset-back", "e5");

        Assert.Equal(workspaceId, reset.Arg.GetProperty("workspaceId").GetString());
        Assert.Equal("status", reset.Arg.GetProperty("stream").GetString());
        Assert.Equal(["e5"], App.Client.Events.Where(e => e.Is("status", "reset-back")).Select(e => e.Arg.GetProperty("reason").GetString()!).ToArray());
    }

    private long CoveredFrom()
    {
        var factory = App.Factory.Services.GetRequiredKeyedService<KafkaQueueAdapterFactory>(WorkspaceStreams.Provider);
        return factory.CacheOf(factory.GetStreamQueueMapper().GetAllQueues().Single())?.CoveredFrom ?? -1;
    }
}
