using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// The grain stream subscriptions and observer watches behind one SignalR group, shared by every connection in it: opened
/// when the first connection joins, released when the last one leaves. Joins and leaves of one group take turns, so a join racing the
/// last leave either keeps the feed or waits for it to close and opens a new one; never two, never none.
/// Events go into a queue drained by one sender, so producers do not wait for SignalR and the group gets each flow's events
/// in the order they were produced.
/// </summary>
internal sealed partial class SharedFeed
{
    /// <summary>Events waiting for the sender; past this, producers wait (slow viewers hold the group's sends).</summary>
    private const int QueueCapacity = 4096;

    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly HashSet<string> _connections = new(StringComparer.Ordinal);
    private readonly Channel<HubEvent> _events = Channel.CreateBounded<HubEvent>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly IHubContext<WorkspaceHub> _hub;
    private readonly ILogger _logger;
    private IReadOnlyList<Func<Task>> _subscriptions = [];
    private bool _closed;

    public SharedFeed(string group, IHubContext<WorkspaceHub> hub, ILogger logger)
    {
        Group = group;
        _hub = hub;
        _logger = logger;
    }

    public string Group { get; }

    /// <summary>The grain stream subscriptions and watches this feed holds (0 before the first join and after the last leave).</summary>
    public int Subscriptions => Volatile.Read(ref _subscriptions).Count;

    public int Connections
    {
        get
        {
            lock (_connections)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>Queues an event for the group; waits only while the queue is full. Events posted after the feed closed are dropped.</summary>
    public Task PostAsync(HubEvent hubEvent) => _events.Writer.TryWrite(hubEvent) ? Task.CompletedTask : PostSlowAsync(hubEvent);

    /// <summary>
    /// Adds <paramref name="connectionId"/> to the group, subscribing with <paramref name="subscribe"/> if it is the first.
    /// False when the feed closed meanwhile (its last connection left): the caller asks for a new one.
    /// </summary>
    public async Task<bool> AddAsync(string connectionId, Func<SharedFeed, Task<IReadOnlyList<Func<Task>>>> subscribe, Action<SharedFeed> closed)
    {
        await _turn.WaitAsync();
        try
        {
            if (_closed)
            {
                return false;
            }

            if (Connections == 0)
            {
                try
                {
                    Volatile.Write(ref _subscriptions, await subscribe(this));
                }
                catch
                {
                    Close(closed);
                    throw;
                }

                // Started here rather than in the constructor: a feed that loses the race to be added never sends.
                _ = SendAsync();
            }

            await _hub.Groups.AddToGroupAsync(connectionId, Group);
            lock (_connections)
            {
                _connections.Add(connectionId);
            }

            return true;
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Removes <paramref name="connectionId"/>; the last one out releases the subscriptions and closes the feed.</summary>
    public async Task RemoveAsync(string connectionId, Action<SharedFeed> closed)
    {
        await _turn.WaitAsync();
        try
        {
            int left;
            lock (_connections)
            {
                if (!_connections.Remove(connectionId))
                {
                    return;
                }

                left = _connections.Count;
            }

            await _hub.Groups.RemoveFromGroupAsync(connectionId, Group);
            if (left > 0)
            {
                return;
            }

            foreach (var unsubscribe in Volatile.Read(ref _subscriptions))
            {
                try
                {
                    await unsubscribe();
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // A stream subscription left behind is dropped when delivery to it fails; a watch lapses within a minute.
                    LogUnsubscribeFailed(_logger, ex, Group);
                }
            }

            Close(closed);
        }
        finally
        {
            _turn.Release();
        }
    }

    private void Close(Action<SharedFeed> closed)
    {
        _closed = true;
        Volatile.Write(ref _subscriptions, []);
        _events.Writer.TryComplete();
        closed(this);
    }

    private async Task PostSlowAsync(HubEvent hubEvent)
    {
        try
        {
            await _events.Writer.WriteAsync(hubEvent);
        }
        catch (ChannelClosedException)
        {
            // The last watcher left while this event was on its way.
        }
    }

    private async Task SendAsync()
    {
        var reader = _events.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var hubEvent))
            {
                try
                {
                    await _hub.Clients.Group(Group).SendAsync(hubEvent.Method, hubEvent.Payload).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    LogSendFailed(_logger, ex, hubEvent.Method, Group);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release a stream subscription of hub group {Group}")]
    private static partial void LogUnsubscribeFailed(ILogger logger, Exception exception, string group);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send {Method} to hub group {Group}")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string method, string group);
}
