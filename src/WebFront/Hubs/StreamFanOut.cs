using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Vibe.Actors.Streams;
using Vibe.Grains.Workspaces;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// Subscribes this silo to each grain stream once, however many hub connections watch it, and forwards the events to
/// the SignalR group of its watchers: a workspace's status and log streams to its workspace group, a terminal session's
/// output and events streams to its terminal group. Connections join and leave groups through here; a connection that
/// goes away leaves all of its groups. The meter "Vibe.WebFront.Hubs" counts the subscriptions and the watched groups.
/// </summary>
internal sealed partial class StreamFanOut
{
    public const string MeterName = "Vibe.WebFront.Hubs";

    private readonly ConcurrentDictionary<string, SharedFeed> _feeds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConnectionGroups> _connections = new(StringComparer.Ordinal);
    private readonly IHubContext<WorkspaceHub> _hub;
    private readonly IStreamProvider _provider;
    private readonly ILogger<StreamFanOut> _logger;
    private readonly Action<SharedFeed> _forget;

    public StreamFanOut(IHubContext<WorkspaceHub> hub, IServiceProvider services, IOptions<WorkspaceOptions> workspaces, IMeterFactory meters, ILogger<StreamFanOut> logger)
    {
        _hub = hub;
        _provider = services.GetRequiredKeyedService<IStreamProvider>(workspaces.Value.StreamProvider); // the key is configurable
        _logger = logger;
        _forget = feed => _feeds.TryRemove(new KeyValuePair<string, SharedFeed>(feed.Group, feed));
        var meter = meters.Create(MeterName);
        meter.CreateObservableUpDownCounter("vibe.hub.stream_subscriptions", () => ActiveSubscriptions, "{subscription}", "Grain stream subscriptions the hubs hold");
        meter.CreateObservableUpDownCounter("vibe.hub.groups", () => _feeds.Count, "{group}", "Hub groups with at least one watcher");
    }

    /// <summary>The grain stream subscriptions held now, over all groups.</summary>
    public int ActiveSubscriptions
    {
        get
        {
            var count = 0;
            foreach (var feed in _feeds.Values)
            {
                count += feed.Subscriptions;
            }

            return count;
        }
    }

    /// <summary>The watchers and stream subscriptions of a group (zeros when nobody watches it).</summary>
    public (int Connections, int Subscriptions) Describe(string group) =>
        _feeds.TryGetValue(group, out var feed) ? (feed.Connections, feed.Subscriptions) : (0, 0);

    /// <summary>Adds the connection to the workspace's group, subscribing to its status and log streams if it is the first.</summary>
    public Task JoinWorkspaceAsync(string connectionId, string workspaceId) =>
        JoinAsync(connectionId, HubGroups.Workspace(workspaceId), feed => SubscribeAllAsync(
            feed,
            subscriptions => SubscribeAsync<WorkspaceStatusChanged>(feed, subscriptions, WorkspaceStreams.Status, workspaceId, change => new HubEvent(HubClientMethods.Status, WorkspaceStatusEvent.From(change))),
            subscriptions => SubscribeAsync<WorkspaceLogLine>(feed, subscriptions, WorkspaceStreams.Logs, workspaceId, line => new HubEvent(HubClientMethods.Log, line))));

    public Task LeaveWorkspaceAsync(string connectionId, string workspaceId) => LeaveAsync(connectionId, HubGroups.Workspace(workspaceId));

    /// <summary>Adds the connection to the terminal session's group, subscribing to its output and events streams if it is the first.</summary>
    public Task JoinTerminalAsync(string connectionId, string workspaceId, string sessionId)
    {
        var key = $"{workspaceId}/{sessionId}";
        return JoinAsync(connectionId, HubGroups.Terminal(workspaceId, sessionId), feed => SubscribeAllAsync(
            feed,
            subscriptions => SubscribeAsync<TerminalOutput>(feed, subscriptions, WorkspaceStreams.TerminalOutput, key, output => new HubEvent(HubClientMethods.TerminalOutput, output)),
            subscriptions => SubscribeAsync<TerminalExited>(feed, subscriptions, WorkspaceStreams.TerminalEvents, key, exited => new HubEvent(HubClientMethods.TerminalExited, exited))));
    }

    public Task LeaveTerminalAsync(string connectionId, string workspaceId, string sessionId) =>
        LeaveAsync(connectionId, HubGroups.Terminal(workspaceId, sessionId));

    /// <summary>Registers a new connection; only registered connections join groups.</summary>
    public void Connected(string connectionId) => _connections.TryAdd(connectionId, new ConnectionGroups());

    /// <summary>Removes the connection from every group it joined: it disconnected.</summary>
    public async Task LeaveAllAsync(string connectionId)
    {
        if (!_connections.TryRemove(connectionId, out var groups))
        {
            return;
        }

        foreach (var group in groups.Close())
        {
            await RemoveAsync(connectionId, group);
        }
    }

    private async Task JoinAsync(string connectionId, string group, Func<SharedFeed, Task<IReadOnlyList<Func<Task>>>> subscribe)
    {
        if (!_connections.TryGetValue(connectionId, out var groups) || !groups.TryAdd(group))
        {
            return; // joined already, or disconnected
        }

        try
        {
            while (!await _feeds.GetOrAdd(group, g => new SharedFeed(g, _hub, _logger)).AddAsync(connectionId, subscribe, _forget))
            {
                // The feed closed while this join waited for its turn; the next GetOrAdd makes a new one.
            }
        }
        catch
        {
            groups.Remove(group);
            throw;
        }

        if (groups.IsClosed)
        {
            // The connection went away during the join, after LeaveAllAsync had looked at this group: undo it here.
            await RemoveAsync(connectionId, group);
        }
    }

    private async Task LeaveAsync(string connectionId, string group)
    {
        if (_connections.TryGetValue(connectionId, out var groups) && groups.Remove(group))
        {
            await RemoveAsync(connectionId, group);
        }
    }

    private Task RemoveAsync(string connectionId, string group) =>
        _feeds.TryGetValue(group, out var feed) ? feed.RemoveAsync(connectionId, _forget) : Task.CompletedTask;

    /// <summary>Runs the subscribe steps in order; if one fails, releases those that succeeded and rethrows.</summary>
    private async Task<IReadOnlyList<Func<Task>>> SubscribeAllAsync(SharedFeed feed, params Func<List<Func<Task>>, Task>[] steps)
    {
        var subscriptions = new List<Func<Task>>(steps.Length);
        try
        {
            foreach (var step in steps)
            {
                await step(subscriptions);
            }
        }
        catch
        {
            foreach (var unsubscribe in subscriptions)
            {
                try
                {
                    await unsubscribe();
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    LogUnsubscribeFailed(_logger, ex, feed.Group);
                }
            }

            throw;
        }

        return subscriptions;
    }

    private async Task SubscribeAsync<T>(SharedFeed feed, List<Func<Task>> subscriptions, string streamNamespace, string key, Func<T, HubEvent> toEvent)
    {
        var events = feed.Events;
        var stream = _provider.GetStream<T>(StreamId.Create(streamNamespace, key));
        var handle = await stream.SubscribeAsync((item, _) => Forward(events, toEvent(item)));
        subscriptions.Add(handle.UnsubscribeAsync);
    }

    private static Task Forward(ChannelWriter<HubEvent> events, HubEvent hubEvent) =>
        events.TryWrite(hubEvent) ? Task.CompletedTask : ForwardSlowAsync(events, hubEvent);

    private static async Task ForwardSlowAsync(ChannelWriter<HubEvent> events, HubEvent hubEvent)
    {
        try
        {
            await events.WriteAsync(hubEvent);
        }
        catch (ChannelClosedException)
        {
            // The last watcher left while this event was on its way.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release a stream subscription of hub group {Group} after a failed join")]
    private static partial void LogUnsubscribeFailed(ILogger logger, Exception exception, string group);
}
