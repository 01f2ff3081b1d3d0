using Vibe.Grains.Interfaces.Workspaces;
using Vibe.TestSupport;
using Vibe.WebFront.Hubs;

namespace Vibe.WebFront.Tests.Hubs;

/// <summary>
/// The hub's fan-out: however many connections watch a workspace or a terminal, the web silo holds one subscription per
/// grain flow, released when the last watcher leaves, disconnects or drops. A workspace's group holds its status stream
/// (counted by Orleans' stream pub-sub) and its log watch; a terminal's group holds the one watch of its session (its
/// output and end); the fan-out's own description counts the watches, the pub-sub the stream subscriptions.
/// </summary>
[Collection(WebFrontCollection.Name)]
public sealed class StreamFanOutTests(WebFrontFixture fixture) : HubAppTests(fixture)
{
    [Fact]
    public async Task Viewers_of_a_workspace_share_one_subscription_per_stream_until_the_last_one_goes()
    {
        var workspaceId = await App.CreateWorkspaceAsync(Owner, start: true);
        var group = HubGroups.Workspace(workspaceId);
        await using var crashing = await HubClientProcess.StartAsync(HubClientProcess.FindRepositoryRoot());
        foreach (var viewer in new[] { "viewer-1", "viewer-2", "viewer-3" })
        {
            await App.ConnectAsync(viewer, Owner);
            await App.Client.InvokeAsync(viewer, "JoinWorkspace", workspaceId);
        }

        await crashing.ConnectAsync("viewer-4", App.HubUrl, Owner.AccessToken);
        await crashing.InvokeAsync("viewer-4", "JoinWorkspace", workspaceId);

        Assert.Equal((4, 2), App.FanOut.Describe(group));
        Assert.Equal(1, await App.StreamConsumersAsync(WorkspaceStreams.Status, workspaceId));

        // Every viewer gets the events of the one subscription.
        await App.StopWorkspaceAsync(Owner, workspaceId);
        foreach (var viewer in new[] { "viewer-1", "viewer-2", "viewer-3" })
        {
            await App.Client.WaitForAsync(e => e.Is("status", viewer) && e.Arg.GetProperty("status").GetString() == "stopped", $"{viewer}'s Stopped event");
        }

        await crashing.WaitForAsync(e => e.Is("status", "viewer-4") && e.Arg.GetProperty("status").GetString() == "stopped", "viewer-4's Stopped event");

        // One leaves, one closes its connection, one's process dies without a goodbye: the subscriptions stay while anyone watches.
        await App.Client.InvokeAsync("viewer-1", "LeaveWorkspace", workspaceId);
        await App.Client.StopAsync("viewer-2");
        await crashing.KillAsync();
        await Eventually.Until(() => App.FanOut.Describe(group) == (1, 2), "only viewer-3 left watching", TimeSpan.FromSeconds(30));
        Assert.Equal(1, await App.StreamConsumersAsync(WorkspaceStreams.Status, workspaceId));

        await App.Client.StopAsync("viewer-3");
        await Eventually.Until(() => App.FanOut.Describe(group) == (0, 0), "nobody watching", TimeSpan.FromSeconds(30));
        Assert.Equal(0, await App.StreamConsumersAsync(WorkspaceStreams.Status, workspaceId));
    }

    [Fact]
    public async Task Viewers_of_a_terminal_share_one_watch_of_the_session()
    {
        var workspaceId = await App.CreateWorkspaceAsync(Owner, start: true);
        await App.ConnectAsync("terminal-1", Owner);
        await App.ConnectAsync("terminal-2", Owner);
        var sessionId = (await App.Client.InvokeAsync("terminal-1", "OpenTerminal", workspaceId, 80, 24)).GetProperty("sessionId").GetString()!;
        await App.Client.InvokeAsync("terminal-1", "AttachTerminal", workspaceId, sessionId);
        await App.Client.InvokeAsync("terminal-2", "AttachTerminal", workspaceId, sessionId);

        Assert.Equal((2, 1), App.FanOut.Describe(HubGroups.Terminal(workspaceId, sessionId)));

        await App.Client.InvokeAsync("terminal-1", "DetachTerminal", workspaceId, sessionId);
        Assert.Equal((1, 1), App.FanOut.Describe(HubGroups.Terminal(workspaceId, sessionId)));
        await App.Client.InvokeAsync("terminal-2", "DetachTerminal", workspaceId, sessionId);
        Assert.Equal((0, 0), App.FanOut.Describe(HubGroups.Terminal(workspaceId, sessionId)));
        Assert.Equal(0, App.FanOut.ActiveSubscriptions);
    }

    [Fact]
    public async Task Concurrent_joins_leaves_and_disconnects_never_leave_two_subscriptions_or_a_leaked_one()
    {
        var workspaceId = await App.CreateWorkspaceAsync(Owner, start: false);
        var group = HubGroups.Workspace(workspaceId);
        var fanOut = App.FanOut;
        var connections = Enumerable.Range(0, 16).Select(i => $"race-{i}-{Guid.NewGuid():N}").ToArray();
        foreach (var connection in connections)
        {
            fanOut.Connected(connection);
        }

        // Each connection joins and leaves many times, all at once; half of them end by disconnecting mid-way.
        await Task.WhenAll(connections.Select((connection, index) => Task.Run(async () =>
        {
            for (var round = 0; round < 10; round++)
            {
                await fanOut.JoinWorkspaceAsync(connection, workspaceId);
                await fanOut.LeaveWorkspaceAsync(connection, workspaceId);
            }

            var join = fanOut.JoinWorkspaceAsync(connection, workspaceId);
            if (index % 2 == 0)
            {
                await fanOut.LeaveAllAsync(connection);
            }

            await join;
        })));

        var stillWatching = connections.Length / 2;
        Assert.Equal((stillWatching, 2), fanOut.Describe(group));
        Assert.Equal(1, await App.StreamConsumersAsync(WorkspaceStreams.Status, workspaceId));

        await Task.WhenAll(connections.Select(fanOut.LeaveAllAsync));
        Assert.Equal((0, 0), fanOut.Describe(group));
        Assert.Equal(0, await App.StreamConsumersAsync(WorkspaceStreams.Status, workspaceId));
    }
}
