using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Vibe.Grains.Interfaces.Terminals;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.Grains.Workspaces;
using Vibe.Hosting.Streams;
using Vibe.Streams.Kafka;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// Subscribes this web silo to each grain flow once, however many hub connections watch it, and forwards the events to the
/// SignalR group of its watchers: a workspace's status and logs to its workspace group, a terminal session's output and end
/// to its terminal group. Flows without a tight latency budget (workspace status, agent events) are Orleans memory streams,
/// whose subscriptions Orleans keeps (pub-sub state in the grain storage) wherever the producing grain moves, and so are
/// container logs when the streams are durable; flows with one (logs on the in-memory default, terminal output, document
/// updates and presence) are pushed to a grain observer per feed, whose watch is renewed
/// every <see cref="GrainWatchRenewal.Period"/> and so comes back after the grain moved. Connections join and leave groups
/// through here; a connection that goes away leaves all of its groups. A web silo that restarts subscribes again as its
/// clients reconnect and join. When the streams are durable (<see cref="VibeStreams"/>: on Kafka), each stream event carries
/// its token as text ("token": "p3-o1200-e0"), and a connection may join from the last token it saw (see <see cref="SharedFeed"/>);
/// a token the stream no longer holds, or any token when the streams are in memory, gets a "streamReset" instead. The meter "Vibe.WebFront.Hubs" counts the subscriptions and the watched groups.
/// </summary>
internal sealed partial class StreamFanOut
{
    public const string MeterName = "Vibe.WebFront.Hubs";

    // Past this many workspaces with a log mark, the marks older than LogMarkReuse are dropped.
    private const int MaxLogMarks = 1024;

    private readonly ConcurrentDictionary<string, SharedFeed> _feeds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConnectionGroups> _connections = new(StringComparer.Ordinal);
    private readonly IHubContext<WorkspaceHub, IWorkspaceClient> _hub;
    private readonly IClusterClient _cluster;
    private readonly IStreamProvider _provider;
    private readonly string _providerName;
    private readonly IServiceProvider _services;
    private readonly GrainWatchRenewal _renewal;
    private readonly ILogger<StreamFanOut> _logger;
    private readonly Action<SharedFeed> _forget;
    private readonly JsonSerializerOptions _json;
    private readonly bool _durable;
    private readonly ConcurrentDictionary<string, LogMark> _logMarks = new(StringComparer.Ordinal);

    public StreamFanOut(
        IHubContext<WorkspaceHub, IWorkspaceClient> hub,
        IClusterClient cluster,
        GrainWatchRenewal renewal,
        IOptions<WorkspaceOptions> workspaces,
        IOptions<JsonHubProtocolOptions> json,
        VibeStreams streams,
        IMeterFactory meters,
        IServiceProvider services,
        ILogger<StreamFanOut> logger)
    {
        _hub = hub;
        _json = json.Value.PayloadSerializerOptions;
        _durable = streams.IsDurable;
        _cluster = cluster;
        _providerName = workspaces.Value.StreamProvider; // the name is configurable
        _provider = cluster.GetStreamProvider(_providerName);
        _services = services;
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

    /// <summary>
    /// Adds the connection to the workspace's group, subscribing to its status stream and its logs (the "workspace-logs"
    /// stream when the streams are durable, a watch of the grain otherwise) if it is the first; with <paramref name="since"/>
    /// and <paramref name="logsSince"/>, its status events and log lines resume after those tokens.
    /// </summary>
    public Task JoinWorkspaceAsync(string connectionId, string workspaceId, KafkaSequenceToken? since = null, KafkaSequenceToken? logsSince = null)
    {
        static HubEvent ToEvent(WorkspaceStatusChanged change) => new(HubClientMethods.Status, WorkspaceStatusEvent.From(change));
        static HubEvent ToLogEvent(WorkspaceLogLine line) => new(HubClientMethods.Log, line);
        return JoinAsync(
            connectionId,
            HubGroups.Workspace(workspaceId),
            feed => SubscribeAllAsync(
                feed,
                subscriptions => SubscribeAsync<WorkspaceStatusChanged>(feed, subscriptions, WorkspaceStreams.Status, workspaceId, ToEvent),
                subscriptions => _durable
                    ? SubscribeAsync<WorkspaceLogLine>(feed, subscriptions, WorkspaceStreams.Logs, workspaceId, ToLogEvent)
                    : WatchAsync<IWorkspaceGrain, IWorkspaceLogObserver>(
                        feed, subscriptions, _cluster.GetGrain<IWorkspaceGrain>(workspaceId), static (grain, watcher) => grain.WatchLogs(watcher), static (grain, watcher) => grain.UnwatchLogs(watcher))),
            ResumeOf<WorkspaceStatusChanged>(connectionId, since, WorkspaceStreams.Status, workspaceId, ToEvent, new StreamResetEvent(workspaceId, StreamResetEvent.Status)),
            ResumeOf<WorkspaceLogLine>(connectionId, logsSince, WorkspaceStreams.Logs, workspaceId, ToLogEvent, new StreamResetEvent(workspaceId, StreamResetEvent.Logs)));
    }

    public Task LeaveWorkspaceAsync(string connectionId, string workspaceId) => LeaveAsync(connectionId, HubGroups.Workspace(workspaceId));

    /// <summary>
    /// How long a mark of a workspace's log stream is handed out again. Any earlier mark is as good as a new one (a client
    /// resuming from it gets a few lines it already has from the tail, and drops them), so however many readers ask, and
    /// however often, a workspace's log stream gets at most one mark record per this period.
    /// </summary>
    public static readonly TimeSpan LogMarkReuse = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Marks the workspace's log stream and returns the mark's token (null when the streams are in memory): every line
    /// stored before this was called is in the container's log, and a resume from the mark gets every line stored after it.
    /// A mark made less than <see cref="LogMarkReuse"/> ago (or being made) is returned instead of a new one.
    /// </summary>
    public async Task<string?> MarkLogsAsync(string workspaceId)
    {
        if (!_durable)
        {
            return null;
        }

        var now = Environment.TickCount64;
        var made = _logMarks.AddOrUpdate(
            workspaceId,
            _ => new LogMark(now, MarkAsync(workspaceId)),
            (_, earlier) => now - earlier.At < LogMarkReuse.TotalMilliseconds && !earlier.Token.IsFaulted ? earlier : new LogMark(now, MarkAsync(workspaceId)));
        if (_logMarks.Count > MaxLogMarks)
        {
            foreach (var (id, mark) in _logMarks)
            {
                if (now - mark.At >= LogMarkReuse.TotalMilliseconds)
                {
                    _logMarks.TryRemove(new KeyValuePair<string, LogMark>(id, mark));
                }
            }
        }

        return (await made.Token).ToString();
    }

    private Task<KafkaSequenceToken> MarkAsync(string workspaceId) =>
        KafkaResumeNudge.PublishAsync(_services, _providerName, StreamId.Create(WorkspaceStreams.Logs, workspaceId));

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

    private async Task JoinAsync(string connectionId, string group, Func<SharedFeed, Task<IReadOnlyList<Func<Task>>>> subscribe, params FeedResume?[] resumes)
    {
        var resuming = resumes.OfType<FeedResume>().ToList();
        if (!_connections.TryGetValue(connectionId, out var groups) || !groups.TryAdd(group))
        {
            return; // joined already, or disconnected
        }

        try
        {
            while (!await _feeds.GetOrAdd(group, g => new SharedFeed(g, _hub, _logger)).AddAsync(connectionId, subscribe, _forget, resuming))
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
        var handle = await stream.SubscribeAsync((item, token) => feed.PostAsync(Stamped(toEvent(item), token, streamNamespace)));
        subscriptions.Add(handle.UnsubscribeAsync);
    }

    /// <summary>
    /// How a connection resumes a stream of the group from <paramref name="since"/>: its own subscription from that token,
    /// whose cache miss becomes <paramref name="reset"/>. Null without a token; with in-memory streams, which keep no
    /// history, the connection is sent <paramref name="reset"/> at once and joins as any other.
    /// </summary>
    private FeedResume? ResumeOf<T>(string connectionId, KafkaSequenceToken? since, string streamNamespace, string key, Func<T, HubEvent> toEvent, StreamResetEvent reset)
    {
        var resetEvent = new HubEvent(HubClientMethods.StreamReset, reset);
        if (since is null)
        {
            return null;
        }

        if (!_durable)
        {
            _ = _hub.Clients.Client(connectionId).StreamReset(reset);
            return null;
        }

        return new FeedResume(streamNamespace, since, async (feed, position) =>
        {
            var stream = _provider.GetStream<T>(StreamId.Create(streamNamespace, key));
            var handle = await stream.SubscribeAsync(
                (item, token) => feed.CatchUpAsync(position, Stamped(toEvent(item), token, streamNamespace)),
                error =>
                {
                    if (error is QueueCacheMissException)
                    {
                        return feed.MissedAsync(position, resetEvent);
                    }

                    LogResumeFailed(_logger, error, feed.Group);
                    return Task.CompletedTask;
                },
                since);
            try
            {
                // The pulling agent may have forgotten a quiet stream: this makes it serve the subscription now.
                await KafkaResumeNudge.PublishAsync(_services, _providerName, stream.StreamId);
            }
            catch
            {
                await handle.UnsubscribeAsync();
                throw;
            }

            return handle.UnsubscribeAsync;
        });
    }

    /// <summary>The event with its durable stream token, in the payload too (as text) so a client can resume from it.</summary>
    private HubEvent Stamped(HubEvent hubEvent, StreamSequenceToken? token, string streamNamespace)
    {
        if (token is not KafkaSequenceToken durable)
        {
            return hubEvent;
        }

        var payload = JsonSerializer.SerializeToNode(hubEvent.Payload, hubEvent.Payload.GetType(), _json)!.AsObject();
        payload["token"] = durable.ToString();
        return new HubEvent(hubEvent.Method, payload, durable, streamNamespace);
    }

    /// <summary>
    /// Watches a grain with a <see cref="HubFeedObserver"/> for the feed: watched now, renewed every period until the feed closes,
    /// then unwatched. The feed's subscription list holds the observer, which Orleans itself references only weakly.
    /// </summary>
    private async Task<GrainWatchRenewal.Registration> WatchAsync<TGrain, TObserver>(SharedFeed feed, List<Func<Task>> subscriptions, TGrain grain, Func<TGrain, TObserver, Task> watch, Func<TGrain, TObserver, Task> unwatch)
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
        return renewal;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A resuming connection's stream subscription of hub group {Group} failed")]
    private static partial void LogResumeFailed(ILogger logger, Exception exception, string group);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release a stream subscription of hub group {Group} after a failed join")]
    private static partial void LogUnsubscribeFailed(ILogger logger, Exception exception, string group);

    /// <summary>A mark of a workspace's log stream, made (or being made) at <see cref="At"/> (<see cref="Environment.TickCount64"/>).</summary>
    private sealed record LogMark(long At, Task<KafkaSequenceToken> Token);
}
