using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// The grain stream subscriptions and observer watches behind one SignalR group, shared by every connection in it: opened
/// when the first connection joins, released when the last one leaves. Joins and leaves of one group take turns, so a join racing the
/// last leave either keeps the feed or waits for it to close and opens a new one; never two, never none.
/// Events go into a queue drained by one sender, so producers do not wait for SignalR and the group gets each flow's events
/// in the order they were produced.
/// A connection may join from tokens of the group's resumable streams (the flows whose events carry tokens, each ordered
/// by its own): it then gets each such stream's events through its own subscription from its token until they reach what
/// the group has been sent, then the rest of what the group got meanwhile; once every one of them has, it joins the
/// group: no gap and no repeat. The group's other flows (and streams it caught up on) reach it directly meanwhile.
/// </summary>
internal sealed partial class SharedFeed
{
    /// <summary>Events waiting for the sender; past this, producers wait (slow viewers hold the group's sends).</summary>
    private const int QueueCapacity = 4096;

    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>Held while an event goes to the group and while a resuming connection is sent its events or joins the group.</summary>
    private readonly SemaphoreSlim _delivery = new(1, 1);
    private readonly List<ResumingConnection> _resuming = [];
    private readonly HashSet<string> _connections = new(StringComparer.Ordinal);
    private readonly Channel<HubEvent> _events = Channel.CreateBounded<HubEvent>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly IHubContext<WorkspaceHub, IWorkspaceClient> _hub;
    private readonly ILogger _logger;
    private IReadOnlyList<Func<Task>> _subscriptions = [];
    private bool _closed;

    public SharedFeed(string group, IHubContext<WorkspaceHub, IWorkspaceClient> hub, ILogger logger)
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
    /// False when the feed closed meanwhile (its last connection left): the caller asks for a new one. With
    /// <paramref name="resumes"/>, the connection catches up on those streams from their tokens before it joins the group.
    /// </summary>
    public async Task<bool> AddAsync(string connectionId, Func<SharedFeed, Task<IReadOnlyList<Func<Task>>>> subscribe, Action<SharedFeed> closed, IReadOnlyList<FeedResume>? resumes = null)
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

            if (resumes is not { Count: > 0 })
            {
                await _hub.Groups.AddToGroupAsync(connectionId, Group);
            }
            else
            {
                await StartResumeAsync(connectionId, resumes, closed);
            }

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

            await StopResumeAsync(connectionId);
            await _hub.Groups.RemoveFromGroupAsync(connectionId, Group);
            if (left > 0)
            {
                return;
            }

            await ReleaseAllAsync(closed);
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>
    /// An event of a resumed stream from the connection's own subscription (<paramref name="position"/>): sent to it unless
    /// it had it already; once that subscription reached what the group has been sent, the stream has caught up.
    /// </summary>
    public async Task CatchUpAsync(ResumingStream position, HubEvent hubEvent)
    {
        Func<Task>? release = null;
        await _delivery.WaitAsync().ConfigureAwait(false);
        try
        {
            if (position.Done || hubEvent.Token is not { } token || token.CompareTo(position.Last) <= 0)
            {
                return;
            }

            await SendToAsync(position.Connection.ConnectionId, hubEvent).ConfigureAwait(false);
            position.Last = token;
            if (position.Pending.Count > 0 && position.Pending[0].Token!.CompareTo(token) <= 0)
            {
                release = await CaughtUpAsync(position).ConfigureAwait(false);
            }
        }
        finally
        {
            _delivery.Release();
        }

        await ReleaseQuietlyAsync(release).ConfigureAwait(false);
    }

    /// <summary>
    /// The connection's token is older than what the stream still holds: it is sent <paramref name="reset"/> (reload the
    /// current state), then what the group got of that stream meanwhile, and the stream counts as caught up.
    /// </summary>
    public async Task MissedAsync(ResumingStream position, HubEvent reset)
    {
        Func<Task>? release = null;
        await _delivery.WaitAsync().ConfigureAwait(false);
        try
        {
            if (position.Done)
            {
                return;
            }

            await SendToAsync(position.Connection.ConnectionId, reset).ConfigureAwait(false);
            foreach (var pending in position.Pending)
            {
                await SendToAsync(position.Connection.ConnectionId, pending).ConfigureAwait(false);
                position.Last = pending.Token!;
            }

            position.Pending.Clear();
            release = await CaughtUpAsync(position).ConfigureAwait(false);
        }
        finally
        {
            _delivery.Release();
        }

        await ReleaseQuietlyAsync(release).ConfigureAwait(false);
    }

    private async Task StartResumeAsync(string connectionId, IReadOnlyList<FeedResume> resumes, Action<SharedFeed> closed)
    {
        var connection = new ResumingConnection(connectionId);
        var positions = resumes.Select(resume => new ResumingStream(connection, resume.Stream, resume.Since)).ToList();
        connection.Streams.AddRange(positions);
        await _delivery.WaitAsync();
        _resuming.Add(connection);
        _delivery.Release();

        for (var i = 0; i < resumes.Count; i++)
        {
            Func<Task> unsubscribe;
            try
            {
                unsubscribe = await resumes[i].SubscribeFrom(this, positions[i]);
            }
            catch
            {
                await StopResumeAsync(connectionId);
                if (Connections == 0)
                {
                    await ReleaseAllAsync(closed);
                }

                throw;
            }

            bool done;
            await _delivery.WaitAsync();
            done = positions[i].Done;
            positions[i].Unsubscribe = done ? null : unsubscribe;
            _delivery.Release();
            if (done)
            {
                await ReleaseQuietlyAsync(unsubscribe); // caught up before its subscription was recorded
            }
        }
    }

    private async Task StopResumeAsync(string connectionId)
    {
        List<Func<Task>> releases = [];
        await _delivery.WaitAsync();
        var connection = _resuming.Find(c => c.ConnectionId == connectionId);
        if (connection is not null)
        {
            _resuming.Remove(connection);
            connection.Done = true;
            foreach (var position in connection.Streams)
            {
                position.Done = true;
                if (position.Unsubscribe is { } unsubscribe)
                {
                    releases.Add(unsubscribe);
                    position.Unsubscribe = null;
                }
            }
        }

        _delivery.Release();
        foreach (var release in releases)
        {
            await ReleaseQuietlyAsync(release);
        }
    }

    /// <summary>
    /// Under <see cref="_delivery"/>: sends the connection what the group got of the stream after its last event; once
    /// every stream it resumes caught up, adds it to the group. Returns the stream's own subscription to release (null if
    /// not recorded yet).
    /// </summary>
    private async Task<Func<Task>?> CaughtUpAsync(ResumingStream position)
    {
        var connection = position.Connection;
        foreach (var pending in position.Pending)
        {
            if (pending.Token!.CompareTo(position.Last) > 0)
            {
                await SendToAsync(connection.ConnectionId, pending).ConfigureAwait(false);
                position.Last = pending.Token;
            }
        }

        position.Pending.Clear();
        position.Done = true;
        if (connection.Streams.TrueForAll(p => p.Done))
        {
            await _hub.Groups.AddToGroupAsync(connection.ConnectionId, Group).ConfigureAwait(false);
            connection.Done = true;
            _resuming.Remove(connection);
        }

        var release = position.Unsubscribe;
        position.Unsubscribe = null;
        return release;
    }

    /// <summary>Under <see cref="_delivery"/>, after <paramref name="hubEvent"/> went to the group: what each resuming connection does with it.</summary>
    private async Task<List<Func<Task>>?> DeliverToResumingAsync(HubEvent hubEvent)
    {
        List<Func<Task>>? releases = null;
        foreach (var connection in _resuming.ToArray())
        {
            if (connection.Find(hubEvent.Stream) is not { Done: false } position)
            {
                // Another flow of the group, or a stream the connection caught up on already.
                await SendToAsync(connection.ConnectionId, hubEvent).ConfigureAwait(false);
            }
            else if (hubEvent.Token!.CompareTo(position.Last) < 0)
            {
                // Its own subscription is ahead of the group's: it had this one; the group's next ones may be too.
            }
            else if (hubEvent.Token.CompareTo(position.Last) == 0)
            {
                // The group reached the last event its own subscription sent: from here on they get the same events.
                if (await CaughtUpAsync(position).ConfigureAwait(false) is { } release)
                {
                    (releases ??= []).Add(release);
                }
            }
            else
            {
                position.Pending.Add(hubEvent);
            }
        }

        return releases;
    }

    private async Task SendToAsync(string connectionId, HubEvent hubEvent)
    {
        try
        {
            await hubEvent.Method.Send(_hub.Clients.Client(connectionId), hubEvent.Payload).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogSendFailed(_logger, ex, hubEvent.Method.Name, Group);
        }
    }

    private async Task ReleaseQuietlyAsync(Func<Task>? unsubscribe)
    {
        if (unsubscribe is null)
        {
            return;
        }

        try
        {
            await unsubscribe().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A stream subscription left behind is dropped when delivery to it fails.
            LogUnsubscribeFailed(_logger, ex, Group);
        }
    }

    /// <summary>Releases every subscription of the feed and closes it: its last connection left.</summary>
    private async Task ReleaseAllAsync(Action<SharedFeed> closed)
    {
        foreach (var unsubscribe in Volatile.Read(ref _subscriptions))
        {
            // A stream subscription left behind is dropped when delivery to it fails; a watch lapses within a minute.
            await ReleaseQuietlyAsync(unsubscribe);
        }

        Close(closed);
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
                List<Func<Task>>? releases = null;
                await _delivery.WaitAsync().ConfigureAwait(false);
                try
                {
                    await hubEvent.Method.Send(_hub.Clients.Group(Group), hubEvent.Payload).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    LogSendFailed(_logger, ex, hubEvent.Method.Name, Group);
                }

                try
                {
                    if (_resuming.Count > 0)
                    {
                        releases = await DeliverToResumingAsync(hubEvent).ConfigureAwait(false);
                    }
                }
                finally
                {
                    _delivery.Release();
                }

                foreach (var release in releases ?? [])
                {
                    await ReleaseQuietlyAsync(release).ConfigureAwait(false);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release a stream subscription of hub group {Group}")]
    private static partial void LogUnsubscribeFailed(ILogger logger, Exception exception, string group);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send {Method} to hub group {Group}")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string method, string group);
}
