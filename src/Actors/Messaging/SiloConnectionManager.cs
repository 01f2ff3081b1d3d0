using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Vibe.Actors.Cluster;
using Vibe.Actors.Hosting;

namespace Vibe.Actors.Messaging;

/// <summary>
/// The silo-to-silo TCP transport: one connection per pair of silos, opened on the first send and used both ways.
/// Each connection starts with a preamble in both directions (magic, cluster id, silo address) and then carries
/// length-prefixed frames (<see cref="MessageCodec"/>), batched by a writer loop and parsed by a reader loop.
/// </summary>
/// <remarks>
/// When two silos connect to each other at once, the tie is broken during the handshake, before either
/// connection carries a frame: the smaller silo address (ordinal) answers the other's hello with
/// <see cref="HandshakeStatus.Duplicate"/> while its own attempt is under way, and the larger one accepts the
/// smaller one's connection and waits for it. So both sides always send on the same connection, in order.
/// </remarks>
internal sealed partial class SiloConnectionManager : IAsyncDisposable
{
    private static readonly TimeSpan FirstDuplicateRetry = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxDuplicateRetry = TimeSpan.FromMilliseconds(500);

    private readonly ConnectionOptions _options;
    private readonly ILogger<SiloConnectionManager> _logger;
    private readonly ConcurrentDictionary<SiloAddress, SiloPeer> _peers = new();
    private readonly ConcurrentDictionary<SiloAddress, SiloUnavailableException> _gone = new();
    private readonly ConcurrentDictionary<SiloConnection, byte> _connections = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Lock _blockLock = new();
    private volatile IPEndPoint[] _blocked = [];
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private SiloAddress? _local;
    private string _clusterId = "";
    private Action<Message> _onMessage = static _ => { };
    private Action<Message, Exception> _onSendFailed = static (_, _) => { };
    private Action<SiloAddress> _onConnectionLost = static _ => { };
    private volatile bool _started;
    private volatile bool _stopping;
    private volatile bool _aborted;

    public SiloConnectionManager(ConnectionOptions options, ILogger<SiloConnectionManager> logger)
    {
        options.Validate();
        _options = options;
        _logger = logger;
    }

    private SiloAddress Local => _local ?? throw new InvalidOperationException("The connection manager has not been started.");

    /// <summary>Connections currently open, including ones still in their handshake (for tests and diagnostics).</summary>
    internal int OpenConnectionCount => _connections.Count;

    /// <summary>Binds the listener (port 0 picks a free port); returns the bound endpoint. Called before the silo knows its address.</summary>
    public IPEndPoint Bind(IPEndPoint endpoint)
    {
        if (_listener is not null)
        {
            throw new InvalidOperationException("The listener is already bound.");
        }

        var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // A restarted silo takes its old port back even while old connections linger in TIME_WAIT.
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(endpoint);
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        var bound = (IPEndPoint)listener.LocalEndPoint!;
        LogListening(_logger, bound);
        return bound;
    }

    /// <summary>
    /// Starts accepting and sending. <paramref name="onMessage"/> is called for every received frame, on the
    /// connection's read loop: it must not block. <paramref name="onSendFailed"/> gets each message that could not
    /// be sent; <paramref name="onConnectionLost"/> is called once per lost connection with the peer's address.
    /// </summary>
    public void Start(SiloAddress localSilo, string clusterId, Action<Message> onMessage, Action<Message, Exception> onSendFailed, Action<SiloAddress> onConnectionLost)
    {
        ArgumentNullException.ThrowIfNull(localSilo);
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        var listener = _listener ?? throw new InvalidOperationException("Bind the listener before starting the connection manager.");
        if (_started)
        {
            throw new InvalidOperationException("The connection manager is already started.");
        }

        _local = localSilo;
        _clusterId = clusterId;
        _onMessage = onMessage;
        _onSendFailed = onSendFailed;
        _onConnectionLost = onConnectionLost;
        _started = true;
        _acceptLoop = Task.Run(() => AcceptLoopAsync(listener));
        LogStarted(_logger, localSilo, clusterId);
    }

    /// <summary>Queues the message for the target silo; never blocks; connects on demand.</summary>
    public void Send(SiloAddress target, Message message)
    {
        // The common case: a connection is up and takes the message.
        if (_peers.TryGetValue(target, out var known) && known.Active is { } active && active.TryEnqueue(message))
        {
            return;
        }

        SendSlow(target, message);
    }

    /// <summary>Closes connections to this silo (it was declared dead) and fails sends to it from now on.</summary>
    public void MarkDead(SiloAddress silo)
    {
        if (!_gone.ContainsKey(silo))
        {
            LogMarkedDead(_logger, silo);
        }

        MarkGone(silo, new SiloUnavailableException($"Silo {silo} was declared dead."));
    }

    /// <summary>
    /// Test hook simulating a network partition: frames to and from the peer's endpoint (any generation) are dropped,
    /// its connections closed and new ones refused, until <see cref="Unblock"/>. Sends to it fail via onSendFailed.
    /// </summary>
    public void Block(IPEndPoint peer)
    {
        lock (_blockLock)
        {
            if (Array.IndexOf(_blocked, peer) < 0)
            {
                _blocked = [.. _blocked, peer];
            }
        }

        LogBlocked(_logger, peer);
        foreach (var connection in _connections.Keys)
        {
            if (connection.Peer is { } address && address.Endpoint.Equals(peer))
            {
                connection.DropFrames();
                connection.Close(Blocked(address));
            }
        }
    }

    /// <summary>Ends <see cref="Block"/> for the endpoint; the next send connects again without waiting out a backoff.</summary>
    public void Unblock(IPEndPoint peer)
    {
        lock (_blockLock)
        {
            var index = Array.IndexOf(_blocked, peer);
            if (index >= 0)
            {
                var blocked = new List<IPEndPoint>(_blocked);
                blocked.RemoveAt(index);
                _blocked = [.. blocked];
            }
        }

        foreach (var (address, peerState) in _peers)
        {
            if (address.Endpoint.Equals(peer))
            {
                lock (peerState.Lock)
                {
                    peerState.RetryAfter = 0;
                    peerState.NextDelay = TimeSpan.Zero;
                    peerState.LastError = null;
                }
            }
        }

        LogUnblocked(_logger, peer);
    }

    /// <summary>Graceful: stop accepting, flush queued frames, close.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        _listener?.Dispose();
        CancelShutdown();
        await _acceptLoop;

        var connections = new List<SiloConnection>(_connections.Keys);
        var drains = new List<Task>(connections.Count);
        foreach (var connection in connections)
        {
            drains.Add(connection.DrainAsync(_options.ConnectTimeout, cancellationToken));
        }

        await Task.WhenAll(drains);
        LogStopped(_logger, _local, connections.Count);
    }

    /// <summary>Abrupt (a killed process): close the listener and every socket at once, no flush, no goodbye.</summary>
    public void Abort()
    {
        _aborted = true;
        _stopping = true;
        _listener?.Dispose();
        CancelShutdown();
        var aborted = new SiloUnavailableException("The connection manager was aborted.");
        foreach (var connection in _connections.Keys)
        {
            connection.Close(aborted, abortive: true);
        }

        LogAborted(_logger, _local);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping)
        {
            Abort();
        }

        await _acceptLoop;
    }

    /// <summary>Hands a received frame to the runtime; exceptions there are logged, never allowed to kill the read loop.</summary>
    internal void Deliver(SiloConnection connection, Message message)
    {
        if (connection.DropsFrames || _aborted)
        {
            return;
        }

        try
        {
            _onMessage(message);
        }
        catch (Exception ex)
        {
            LogOnMessageFailed(_logger, ex, connection.Peer);
        }
    }

    /// <summary>Reports a message that could not be sent (a killed silo reports nothing).</summary>
    internal void FailSend(Message message, Exception reason)
    {
        if (_aborted)
        {
            return;
        }

        try
        {
            _onSendFailed(message, Copy(reason));
        }
        catch (Exception ex)
        {
            LogCallbackFailed(_logger, ex, "onSendFailed");
        }
    }

    /// <summary>Called once per connection when it closes: forgets it and reports the loss if it was carrying frames.</summary>
    internal void OnConnectionClosed(SiloConnection connection, Exception reason, bool wasRunning)
    {
        _connections.TryRemove(connection, out _);
        var address = connection.Peer;
        if (address is not null && _peers.TryGetValue(address, out var peer))
        {
            lock (peer.Lock)
            {
                if (peer.Active == connection)
                {
                    peer.Active = null;
                }

                // Under the peer's lock, so a send either saw this connection open or sees it gone.
                connection.CompleteQueue();
            }
        }
        else
        {
            connection.CompleteQueue();
        }

        if (!wasRunning || address is null)
        {
            return;
        }

        LogConnectionClosed(_logger, address, reason.Message);
        if (!_stopping)
        {
            // Off the closing thread, which may be a caller of MarkDead or Block.
            ThreadPool.UnsafeQueueUserWorkItem(static state => state.Manager.ReportLost(state.Address), (Manager: this, Address: address), preferLocal: false);
        }
    }

    /// <summary>Reports messages that could not be sent, on the thread pool: the caller may be a public method's caller.</summary>
    internal void FailSendLater(List<Message> messages, Exception reason)
    {
        if (messages.Count > 0 && !_aborted)
        {
            ThreadPool.UnsafeQueueUserWorkItem(
                static state =>
                {
                    foreach (var message in state.Messages)
                    {
                        state.Manager.FailSend(message, state.Reason);
                    }
                },
                (Manager: this, Messages: messages, Reason: reason),
                preferLocal: false);
        }
    }

    private void ReportLost(SiloAddress address)
    {
        if (_stopping)
        {
            return;
        }

        try
        {
            _onConnectionLost(address);
        }
        catch (Exception ex)
        {
            LogCallbackFailed(_logger, ex, "onConnectionLost");
        }
    }

    private void SendSlow(SiloAddress target, Message message)
    {
        if (!_started)
        {
            throw new InvalidOperationException("Start the connection manager before sending.");
        }

        Exception? failure = null;
        SiloPeer? connectTo = null;
        if (_stopping)
        {
            failure = new SiloUnavailableException($"Silo {_local} is stopping and sends no more messages.");
        }
        else if (target == _local)
        {
            failure = new InvalidOperationException($"Silo {target} does not send messages to itself over TCP.");
        }
        else if (_gone.TryGetValue(target, out var gone))
        {
            failure = gone;
        }
        else if (IsBlocked(target.Endpoint))
        {
            failure = Blocked(target);
        }
        else
        {
            var peer = _peers.GetOrAdd(target, static address => new SiloPeer(address));
            lock (peer.Lock)
            {
                if (peer.Active is { } active && active.TryEnqueue(message))
                {
                    return;
                }

                if (peer.Connecting)
                {
                    (peer.Pending ??= []).Add(message);
                    return;
                }

                if (Environment.TickCount64 < peer.RetryAfter && peer.LastError is { } lastError)
                {
                    failure = lastError;
                }
                else
                {
                    peer.Connecting = true;
                    peer.Pending = [message];
                    connectTo = peer;
                }
            }
        }

        if (connectTo is not null)
        {
            _ = Task.Run(() => ConnectAsync(connectTo));
            return;
        }

        // Off the caller's stack: Send never runs the runtime's failure handling inline.
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Manager.FailSend(state.Message, state.Failure), (Manager: this, Message: message, Failure: failure!), preferLocal: false);
    }

    private async Task ConnectAsync(SiloPeer peer)
    {
        var target = peer.Address;
        var retry = FirstDuplicateRetry;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
            timeout.CancelAfter(_options.ConnectTimeout);
            while (true)
            {
                var connection = await HandshakeAsync(target, timeout.Token);
                if (connection is not null)
                {
                    ActivateOutbound(peer, connection);
                    return;
                }

                // The peer is connecting to us and wins the tie (or still holds a connection we already lost):
                // wait a little for its connection, then ask again.
                if (await WaitForInboundAsync(peer, retry, timeout.Token))
                {
                    return;
                }

                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, MaxDuplicateRetry.Ticks));
            }
        }
        catch (Exception ex)
        {
            var failure = ex switch
            {
                SiloUnavailableException unavailable => unavailable,
                OperationCanceledException when _stopping => new SiloUnavailableException($"Silo {_local} is stopping; the connection to silo {target} was not opened."),
                OperationCanceledException => new SiloUnavailableException($"Connecting to silo {target} timed out after {_options.ConnectTimeout.TotalSeconds:0.###} s."),
                _ => new SiloUnavailableException($"Could not connect to silo {target}: {ex.Message}", ex),
            };
            OnConnectFailed(peer, failure);
        }
    }

    /// <summary>Opens one connection and exchanges preambles; null when the peer answered Duplicate.</summary>
    private async Task<SiloConnection?> HandshakeAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        var socket = new Socket(target.Endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var connection = new SiloConnection(this, socket, isOutbound: true, target, _options.MaxBatchBytes, _logger);
        _connections.TryAdd(connection, 0);
        try
        {
            if (_stopping)
            {
                throw new OperationCanceledException();
            }

            if (_gone.TryGetValue(target, out var gone))
            {
                throw gone;
            }

            if (IsBlocked(target.Endpoint))
            {
                throw Blocked(target);
            }

            await connection.ConnectAsync(target, cancellationToken);
            await connection.SendPreambleAsync(new SiloPreamble(HandshakeStatus.Hello, _clusterId, Local, target), cancellationToken);
            var answer = await connection.ReadPreambleAsync(cancellationToken);
            if (!string.Equals(answer.ClusterId, _clusterId, StringComparison.Ordinal))
            {
                LogPeerInOtherCluster(_logger, answer.Silo, answer.ClusterId, _clusterId);
                throw new SiloUnavailableException($"The silo at {target.Endpoint} belongs to cluster '{answer.ClusterId}', not '{_clusterId}'.");
            }

            if (answer.Silo.Generation != target.Generation)
            {
                if (answer.Silo.Generation > target.Generation)
                {
                    throw MarkGone(target, new SiloUnavailableException($"Silo {target} was replaced by generation {answer.Silo.Generation} ({answer.Silo})."));
                }

                throw new SiloUnavailableException($"Expected silo {target} but an older generation answered: {answer.Silo}.");
            }

            switch (answer.Status)
            {
                case HandshakeStatus.Accepted:
                    return connection;
                case HandshakeStatus.Duplicate:
                    connection.Close(new SiloUnavailableException($"Silo {target} is connecting to us; its connection is used instead."));
                    return null;
                default:
                    throw new SiloUnavailableException($"Silo {target} answered the handshake with {answer.Status}.");
            }
        }
        catch (Exception ex)
        {
            connection.Close(ex);
            throw;
        }
    }

    private void ActivateOutbound(SiloPeer peer, SiloConnection connection)
    {
        SiloConnection? previous = null;
        SiloUnavailableException? refusal;
        lock (peer.Lock)
        {
            refusal = Refusal(peer.Address, connection);
            if (refusal is null)
            {
                previous = peer.Activate(connection);
                peer.Connecting = false;
            }
        }

        if (refusal is not null)
        {
            connection.Close(refusal);
            throw refusal;
        }

        connection.Start();
        LogConnected(_logger, peer.Address, "outbound");
        previous?.Close(new SiloUnavailableException($"The connection to silo {peer.Address} was replaced by a newer one."));
    }

    /// <summary>After a Duplicate answer: true once the peer's own connection is active; false to ask again.</summary>
    private async Task<bool> WaitForInboundAsync(SiloPeer peer, TimeSpan wait, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (peer.Lock)
        {
            if (peer.Active is not null)
            {
                peer.Connecting = false;
                return true;
            }

            waiter = peer.InboundWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        try
        {
            await waiter.Task.WaitAsync(wait, cancellationToken);
        }
        catch (TimeoutException)
        {
            return false;
        }

        lock (peer.Lock)
        {
            if (peer.Active is null)
            {
                return false; // it came and went already; messages sent since wait in Pending
            }

            peer.Connecting = false;
            return true;
        }
    }

    private void OnConnectFailed(SiloPeer peer, SiloUnavailableException failure)
    {
        List<Message>? failed;
        var delay = TimeSpan.Zero;
        var gone = _gone.ContainsKey(peer.Address);
        lock (peer.Lock)
        {
            peer.Connecting = false;
            peer.InboundWaiter = null;
            failed = peer.TakePending();
            if (peer.Active is null && !gone)
            {
                delay = peer.NextDelay == TimeSpan.Zero
                    ? _options.MinReconnectDelay
                    : TimeSpan.FromTicks(Math.Min(peer.NextDelay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
                peer.NextDelay = delay;
                peer.RetryAfter = Environment.TickCount64 + (long)delay.TotalMilliseconds;
                peer.LastError = failure;
            }
        }

        if (gone)
        {
            LogTargetGone(_logger, peer.Address, failure.Message);
        }
        else if (!_aborted)
        {
            LogConnectFailed(_logger, peer.Address, delay.TotalMilliseconds, failure.Message);
        }

        if (failed is not null)
        {
            foreach (var message in failed)
            {
                FailSend(message, failure);
            }
        }
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_stopping)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_shutdown.Token);
            }
            catch (Exception ex) when (_stopping || ex is ObjectDisposedException or OperationCanceledException)
            {
                break;
            }
            catch (SocketException ex)
            {
                // For example out of file descriptors: keep listening after a short pause.
                LogAcceptFailed(_logger, ex);
                await Task.Delay(100);
                continue;
            }

            _ = AcceptConnectionAsync(socket);
        }
    }

    private async Task AcceptConnectionAsync(Socket socket)
    {
        var remote = socket.RemoteEndPoint?.ToString() ?? "?";
        var connection = new SiloConnection(this, socket, isOutbound: false, peer: null, _options.MaxBatchBytes, _logger);
        _connections.TryAdd(connection, 0);
        try
        {
            socket.NoDelay = true;
            if (_stopping)
            {
                connection.Close(new SiloUnavailableException("This silo is stopping."));
                return;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
            timeout.CancelAfter(_options.ConnectTimeout);
            SiloPreamble hello;
            try
            {
                hello = await connection.ReadPreambleAsync(timeout.Token);
            }
            catch (InvalidDataException ex)
            {
                LogNotSiloProtocol(_logger, remote, ex.Message);
                connection.Close(ex);
                return;
            }

            if (CheckHello(hello, remote) is { } refused)
            {
                connection.Close(refused);
                return;
            }

            if (hello.Target is { } target && target.Generation != Local.Generation)
            {
                // Tell the connector who is here now, so it learns that its target was replaced.
                LogRefusedWrongTarget(_logger, hello.Silo, target, Local);
                await connection.SendPreambleAsync(new SiloPreamble(HandshakeStatus.WrongTarget, _clusterId, Local, null), timeout.Token);
                connection.Close(new SiloUnavailableException($"Silo {hello.Silo} asked for {target}, but this is {Local}."));
                return;
            }

            RetireOlderGenerations(hello.Silo);
            connection.Peer = hello.Silo;
            var peer = _peers.GetOrAdd(hello.Silo, static address => new SiloPeer(address));
            var status = HandshakeStatus.Accepted;
            SiloConnection? previous = null;
            SiloUnavailableException? refusal;
            lock (peer.Lock)
            {
                refusal = Refusal(hello.Silo, connection);
                if (refusal is null)
                {
                    if (Local.CompareTo(hello.Silo) < 0 && (peer.Connecting || peer.Active is { IsOutbound: true }))
                    {
                        status = HandshakeStatus.Duplicate; // our own connection wins the tie
                    }
                    else
                    {
                        previous = peer.Activate(connection);
                    }
                }
            }

            if (refusal is not null)
            {
                LogRefused(_logger, hello.Silo, refusal.Message);
                connection.Close(refusal);
                return;
            }

            await connection.SendPreambleAsync(new SiloPreamble(status, _clusterId, Local, null), timeout.Token);
            if (status == HandshakeStatus.Duplicate)
            {
                LogDuplicate(_logger, hello.Silo);
                connection.Close(new SiloUnavailableException($"Silo {hello.Silo} connected while our connection to it was open or opening."));
                return;
            }

            connection.Start();
            LogConnected(_logger, hello.Silo, "inbound");
            previous?.Close(new SiloUnavailableException($"The connection to silo {hello.Silo} was replaced by a newer one."));
        }
        catch (Exception ex)
        {
            if (!_stopping)
            {
                LogHandshakeFailed(_logger, ex, remote);
            }

            connection.Close(new SiloUnavailableException($"The handshake with {remote} failed: {ex.Message}", ex));
        }
    }

    /// <summary>Why an inbound hello is refused before anything else is decided, or null to go on.</summary>
    private Exception? CheckHello(SiloPreamble hello, string remote)
    {
        if (hello.Status != HandshakeStatus.Hello)
        {
            LogNotSiloProtocol(_logger, remote, $"expected a hello, got {hello.Status}");
            return new InvalidDataException($"Expected a hello, got {hello.Status}.");
        }

        if (!string.Equals(hello.ClusterId, _clusterId, StringComparison.Ordinal))
        {
            LogRefusedOtherCluster(_logger, hello.Silo, remote, hello.ClusterId, _clusterId);
            return new SiloUnavailableException($"Silo {hello.Silo} belongs to cluster '{hello.ClusterId}', not '{_clusterId}'.");
        }

        return null;
    }

    /// <summary>Why a connection to <paramref name="silo"/> may not become active now, or null. Called under the peer's lock.</summary>
    private SiloUnavailableException? Refusal(SiloAddress silo, SiloConnection connection)
    {
        if (_stopping)
        {
            return new SiloUnavailableException($"Silo {_local} is stopping.");
        }

        if (_gone.TryGetValue(silo, out var gone))
        {
            return gone;
        }

        if (IsBlocked(silo.Endpoint))
        {
            return Blocked(silo);
        }

        return connection.IsClosed ? new SiloUnavailableException($"The connection to silo {silo} closed during its handshake.") : null;
    }

    /// <summary>A newer generation on an endpoint means the older one is gone for good.</summary>
    private void RetireOlderGenerations(SiloAddress silo)
    {
        foreach (var address in _peers.Keys)
        {
            if (address.IsSameEndpoint(silo) && address.Generation < silo.Generation && !_gone.ContainsKey(address))
            {
                MarkGone(address, new SiloUnavailableException($"Silo {address} was replaced by generation {silo.Generation} ({silo})."));
            }
        }
    }

    /// <summary>Records that <paramref name="silo"/> will never answer again, closes its connection and fails what waits for it.</summary>
    private SiloUnavailableException MarkGone(SiloAddress silo, SiloUnavailableException reason)
    {
        var stored = _gone.GetOrAdd(silo, reason);
        if (_peers.TryGetValue(silo, out var peer))
        {
            SiloConnection? active;
            List<Message>? pending;
            lock (peer.Lock)
            {
                active = peer.Active;
                pending = peer.TakePending();
            }

            active?.Close(stored);
            if (pending is not null)
            {
                FailSendLater(pending, stored);
            }
        }

        return stored;
    }

    private bool IsBlocked(IPEndPoint endpoint)
    {
        var blocked = _blocked;
        for (var i = 0; i < blocked.Length; i++)
        {
            if (blocked[i].Equals(endpoint))
            {
                return true;
            }
        }

        return false;
    }

    private static SiloUnavailableException Blocked(SiloAddress silo) =>
        new($"The network to silo {silo} is blocked (partition test hook).");

    private void CancelShutdown()
    {
        try
        {
            _shutdown.Cancel();
        }
        catch (AggregateException ex)
        {
            LogCallbackFailed(_logger, ex, "shutdown");
        }
    }

    /// <summary>A fresh exception per failed message: one instance thrown by many awaiters would share a stack trace.</summary>
    private static Exception Copy(Exception reason) => reason switch
    {
        SiloUnavailableException { InnerException: { } inner } => new SiloUnavailableException(reason.Message, inner),
        SiloUnavailableException => new SiloUnavailableException(reason.Message),
        _ => reason,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo transport listening on {Endpoint}")]
    private static partial void LogListening(ILogger logger, IPEndPoint endpoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo transport started for silo {Silo} in cluster {ClusterId}")]
    private static partial void LogStarted(ILogger logger, SiloAddress silo, string clusterId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo transport of {Silo} stopped: {Count} connections flushed and closed")]
    private static partial void LogStopped(ILogger logger, SiloAddress? silo, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo transport of {Silo} aborted: every connection reset")]
    private static partial void LogAborted(ILogger logger, SiloAddress? silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to silo {Silo} ({Direction})")]
    private static partial void LogConnected(ILogger logger, SiloAddress silo, string direction);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection to silo {Silo} closed: {Reason}")]
    private static partial void LogConnectionClosed(ILogger logger, SiloAddress silo, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connecting to silo {Silo} failed; sends to it fail for the next {DelayMs} ms: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, SiloAddress silo, double delayMs, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} is gone; sends to it fail from now on: {Reason}")]
    private static partial void LogTargetGone(ILogger logger, SiloAddress silo, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Silo {Silo} connected while our connection to it was opening; answered Duplicate")]
    private static partial void LogDuplicate(ILogger logger, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a connection from {Remote}: {Reason}")]
    private static partial void LogNotSiloProtocol(ILogger logger, string remote, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a connection from silo {Silo} at {Remote}: it is in cluster {PeerClusterId}, this silo is in cluster {ClusterId}")]
    private static partial void LogRefusedOtherCluster(ILogger logger, SiloAddress silo, string remote, string peerClusterId, string clusterId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silo} answered from cluster {PeerClusterId}; this silo is in cluster {ClusterId}")]
    private static partial void LogPeerInOtherCluster(ILogger logger, SiloAddress silo, string peerClusterId, string clusterId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} asked for {Target}, but this is {Local}; told it so")]
    private static partial void LogRefusedWrongTarget(ILogger logger, SiloAddress silo, SiloAddress target, SiloAddress local);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a connection from silo {Silo}: {Reason}")]
    private static partial void LogRefused(ILogger logger, SiloAddress silo, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The handshake with {Remote} failed")]
    private static partial void LogHandshakeFailed(ILogger logger, Exception ex, string remote);

    [LoggerMessage(Level = LogLevel.Error, Message = "Accepting a connection failed")]
    private static partial void LogAcceptFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling a message from silo {Silo} threw")]
    private static partial void LogOnMessageFailed(ILogger logger, Exception ex, SiloAddress? silo);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Callback} callback threw")]
    private static partial void LogCallbackFailed(ILogger logger, Exception ex, string callback);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} declared dead: closing its connection, failing sends to it")]
    private static partial void LogMarkedDead(ILogger logger, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Blocked the network to {Endpoint} (partition test hook)")]
    private static partial void LogBlocked(ILogger logger, IPEndPoint endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unblocked the network to {Endpoint}")]
    private static partial void LogUnblocked(ILogger logger, IPEndPoint endpoint);
}
