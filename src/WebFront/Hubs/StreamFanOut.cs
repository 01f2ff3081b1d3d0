using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Vibe.Grains.Workspaces;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// Subscribes this web silo to each grain flow once, however many hub connections watch it, and forwards the events to the
/// SignalR group of its watchers: a workspace's status and logs to its workspace group, a terminal session's output and end
/// to its terminal group. Flows without a tight latency budget (workspace status, agent events) are Orleans memory streams,
/// whose subscriptions Orleans keeps (pub-sub state in the grain storage) wherever the producing grain moves; flows with one
/// (logs, terminal output, document updates and presence) are pushed to a grain observer per feed, whose watch is renewed
/// every <see cref="GrainWatchRenewal.Period"/> and so comes back after the grain moved. Connections join and leave groups
/// through here; a connection that goes away leaves all of its groups. A web silo that restarts subscribes again as its
/// clients reconnect and join. The meter "Vibe.WebFront.Hubs" counts the subscriptions and the watched groups.
/// </summary>
internal sealed partial class StreamFanOut
{
    public const string MeterName = "Vibe.WebFront.Hubs";

    private readonly ConcurrentDictionary<string, SharedFeed> _feeds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConnectionGroups> _connections = new(StringComparer.Ordinal);
    private readonly IHubContext<WorkspaceHub> _hub;
    private readonly IClusterClient _cluster;
    private readonly IStreamProvider _provider;
    private readonly GrainWatchRenewal _renewal;
    private readonly ILogger<StreamFanOut> _logger;
    private readonly Action<SharedFeed> _forget;

    public StreamFanOut(IHubContext<WorkspaceHub> hub, IClusterClient cluster, GrainWatchRenewal renewal, IOptions<WorkspaceOptions> workspaces, IMeterFactory meters, ILogger<StreamFanOut> logger)
    {
        _hub = hub;
        _cluster = cluster;
        _provider = cluster.GetStreamProvider(workspaces.Value.StreamProvider); // the name is configurable
        _renewal = renewal;
        _logger = logger;
        _forget = feed => _feeds.TryRemove(new KeyValuePair<string, SharedFeed>(feed.Group, feed));
        var meter = meters.Create(MeterName);
        meter.CreateObservableUpDownCounter("vibe.hub.stream_subscriptions", () => ActiveSubscriptions, "{subscription}", "Grain stream subscriptions and observer watches the hubs hold");
        meter.CreateObservableUpDownCounter("vibe.hub.groups", () => _feeds.Count, "{group}", "Hub groups with at least one watcher");
    }

    /// <summary>The grain stream subscriptions and observer watches held now, over all groups.</summary>
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

    /// <summary>The watchers and grain subscriptions of a group (zeros when nobody watches it).</summary>
    public (int Connections, int Subscriptions) Describe(string group) =>
        _feeds.TryGetValue(group, out var feed) ? (feed.Connections, feed.Subscriptions) : (0, 0);

    /// <summary>Adds the connection to the workspace's group, subscribing to its status stream and watching its logs if it is the first.</summary>
    public Task JoinWorkspaceAsync(string connectionId, string workspaceId) =>
        JoinAsync(connectionId, HubGroups.Workspace(workspaceId), feed => SubscribeAllAsync(
            feed,
            subscriptions => SubscribeAsync<WorkspaceStatusChanged>(feed, subscriptions, WorkspaceStreams.Status, workspaceId, change => new HubEvent(HubClientMethods.Status, WorkspaceStatusEvent.From(change))),
            subscriptions => WatchAsync<IWorkspaceGrain, IWorkspaceLogObserver>(
                feed, subscriptions, _cluster.GetGrain<IWorkspaceGrain>(workspaceId), static (grain, watcher) => grain.WatchLogs(watcher), static (grain, watcher) => grain.UnwatchLogs(watcher))));

    public Task LeaveWorkspaceAsync(string connectionId, string workspaceId) => LeaveAsync(connectionId, HubGroups.Workspace(workspaceId));

    /// <summary>Adds the connection to the terminal session's group, watching its output and end if it is the first.</summary>
    public Task JoinTerminalAsync(string connectionId, string workspaceId, string sessionId)
    {
        var session = _cluster.GetGrain<IContainerSessionGrain>($"{workspaceId}/{sessionId}");
        return JoinAsync(connectionId, HubGroups.Terminal(workspaceId, sessionId), feed => SubscribeAllAsync(
            feed,
            subscriptions => WatchAsync<IContainerSessionGrain, ITerminalObserver>(
                feed, subscriptions, session, static (grain, watcher) => grain.Watch(watcher), static (grain, watcher) => grain.Unwatch(watcher))));
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

    /// <summary>Subscribes the feed to an Orleans stream: one subscription of this silo, released when the feed closes.</summary>
    private async Task SubscribeAsync<T>(SharedFeed feed, List<Func<Task>> subscriptions, string streamNamespace, string key, Func<T, HubEvent> toEvent)
    {
        var stream = _provider.GetStream<T>(StreamId.Create(streamNamespace, key));
        var handle = await stream.SubscribeAsync((item, _) => feed.PostAsync(toEvent(item)));
        subscriptions.Add(handle.UnsubscribeAsync);
    }

    /// <summary>
    /// Watches a grain with a <see cref="HubFeedObserver"/> for the feed: watched now, renewed every period until the feed closes,
    /// then unwatched. The feed's subscription list holds the observer, which Orleans itself references only weakly.
    /// </summary>
    private async Task WatchAsync<TGrain, TObserver>(SharedFeed feed, List<Func<Task>> subscriptions, TGrain grain, Func<TGrain, TObserver, Task> watch, Func<TGrain, TObserver, Task> unwatch)
        where TObserver : IGrainObserver
    {
        var observer = new HubFeedObserver(feed);
        var reference = _cluster.CreateObjectReference<TObserver>(observer);
        try
        {
            await watch(grain, reference);
        }
        catch
        {
            _cluster.DeleteObjectReference<TObserver>(reference);
            throw;
        }

        var renewal = _renewal.Add(() => watch(grain, reference));
        subscriptions.Add(async () =>
        {
            renewal.Dispose();
            try
            {
                await unwatch(grain, reference);
            }
            finally
            {
                _cluster.DeleteObjectReference<TObserver>(reference);
                GC.KeepAlive(observer);
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release a stream subscription of hub group {Group} after a failed join")]
    private static partial void LogUnsubscribeFailed(ILogger logger, Exception exception, string group);
}
