using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vibe.Actors.Cluster;

namespace Vibe.Actors.Messaging;

/// <summary>
/// One TCP connection to another silo. After the handshake, a writer loop drains the queue into one buffer per
/// batch and sends it with one socket send, and a reader loop parses frames and hands them to the manager.
/// Order per connection is the queue's order. Messages that never reached the socket are failed, never dropped.
/// </summary>
internal sealed partial class SiloConnection
{
    private const int ReadBufferSize = 64 * 1024;

    private readonly SiloConnectionManager _manager;
    private readonly Socket _socket;
    private readonly ILogger _logger;
    private readonly int _maxBatchBytes;
    private readonly Channel<Message> _queue = Channel.CreateUnbounded<Message>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = false,
        AllowSynchronousContinuations = false,
    });

    private readonly Lock _gate = new();
    private bool _running;
    private volatile bool _closed;
    private volatile bool _dropFrames;
    private Exception? _closeReason;
    private PipeReader? _input;
    private Task _writing = Task.CompletedTask;
    private Task _reading = Task.CompletedTask;

    public SiloConnection(SiloConnectionManager manager, Socket socket, bool isOutbound, SiloAddress? peer, int maxBatchBytes, ILogger logger)
    {
        _manager = manager;
        _socket = socket;
        _logger = logger;
        _maxBatchBytes = maxBatchBytes;
        IsOutbound = isOutbound;
        Peer = peer;
    }

    /// <summary>Whether this silo opened the connection.</summary>
    public bool IsOutbound { get; }

    /// <summary>The silo at the other end: known up front when connecting, from its preamble when accepting.</summary>
    public SiloAddress? Peer { get; set; }

    public bool IsClosed => _closed;

    /// <summary>Whether frames from the peer are being thrown away (the partition test hook is on for it).</summary>
    public bool DropsFrames => _dropFrames;

    /// <summary>The bytes from the peer; the handshake reads its preamble here, then the reader loop reads frames. Needs a connected socket.</summary>
    private PipeReader Input => _input ??= PipeReader.Create(
        new NetworkStream(_socket, ownsSocket: false),
        new StreamPipeReaderOptions(bufferSize: ReadBufferSize, minimumReadSize: ReadBufferSize / 4, leaveOpen: true));

    public Task ConnectAsync(SiloAddress target, CancellationToken cancellationToken) =>
        _socket.ConnectAsync(target.Endpoint, cancellationToken).AsTask();

    public Task SendPreambleAsync(SiloPreamble preamble, CancellationToken cancellationToken) =>
        SendAllAsync(preamble.ToArray(), cancellationToken);

    /// <summary>Reads the peer's preamble; frames the peer sends right after it stay buffered for the reader loop.</summary>
    public async Task<SiloPreamble> ReadPreambleAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await Input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (SiloPreamble.TryRead(ref buffer, out var preamble))
            {
                Input.AdvanceTo(buffer.Start);
                return preamble!;
            }

            if (result.IsCompleted)
            {
                throw new IOException("The peer closed the connection during the handshake.");
            }

            Input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Queues a message; false once the connection is closing (the caller then finds another way).</summary>
    public bool TryEnqueue(Message message) => _queue.Writer.TryWrite(message);

    /// <summary>Accepts no more messages; the writer loop still sends (or fails) what is queued.</summary>
    public void CompleteQueue() => _queue.Writer.TryComplete();

    /// <summary>Starts the reader and writer loops once the handshake is done.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            // Task.Run only queues the loops, so starting them under the gate is cheap; DrainAsync then always sees them.
            _running = true;
            _writing = Task.Run(WriteLoopAsync);
            _reading = Task.Run(ReadLoopAsync);
        }
    }

    /// <summary>Throws away frames from now on (the partition test hook).</summary>
    public void DropFrames() => _dropFrames = true;

    /// <summary>
    /// Closes the socket at once (idempotent). Messages still queued fail with <paramref name="reason"/>.
    /// <paramref name="abortive"/> resets the connection instead of a normal close, like a killed process.
    /// </summary>
    public void Close(Exception reason, bool abortive = false)
    {
        bool wasRunning;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            _closeReason = reason;
            wasRunning = _running;
        }

        _manager.OnConnectionClosed(this, reason, wasRunning);
        try
        {
            if (abortive)
            {
                _socket.LingerState = new LingerOption(true, 0);
            }

            _socket.Dispose();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone: nothing left to release.
        }

        if (!wasRunning)
        {
            // No writer loop will drain the queue (messages moved into it while the handshake finished): fail them here.
            var queued = new List<Message>();
            while (_queue.Reader.TryRead(out var message))
            {
                queued.Add(message);
            }

            _manager.FailSendLater(queued, reason);
        }
    }

    /// <summary>Graceful close: send everything queued, signal the end with a FIN, wait briefly for the peer to close its side.</summary>
    public async Task DrainAsync(TimeSpan peerCloseTimeout, CancellationToken cancellationToken)
    {
        CompleteQueue();
        bool running;
        Task writing, reading;
        lock (_gate)
        {
            running = _running && !_closed;
            writing = _writing;
            reading = _reading;
        }

        var stopping = new SiloUnavailableException($"The connection to silo {Peer} was closed because this silo is stopping.");
        if (!running)
        {
            Close(stopping);
            return;
        }

        try
        {
            await writing.WaitAsync(cancellationToken);
            if (!_closed)
            {
                _socket.Shutdown(SocketShutdown.Send);
                await reading.WaitAsync(peerCloseTimeout, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            Close(stopping, abortive: true);
        }
        catch (Exception ex) when (ex is TimeoutException or SocketException or ObjectDisposedException)
        {
            // The peer did not close in time or the socket broke: close it ourselves below.
        }

        Close(stopping);
    }

    private async Task SendAllAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            var sent = await _socket.SendAsync(data, SocketFlags.None, cancellationToken);
            if (sent <= 0)
            {
                throw new IOException("The socket accepted no bytes.");
            }

            data = data[sent..];
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        var buffer = new ArrayBufferWriter<byte>(_maxBatchBytes);
        var batch = new List<Message>(256);
        Exception? error = null;
        try
        {
            while (await reader.WaitToReadAsync())
            {
                if (_closed)
                {
                    break;
                }

                while (buffer.WrittenCount < _maxBatchBytes && reader.TryRead(out var message))
                {
                    try
                    {
                        MessageCodec.Write(buffer, message);
                        batch.Add(message);
                    }
                    catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
                    {
                        // Only this message cannot be framed (too large); the connection is fine.
                        _manager.FailSend(message, ex);
                    }
                }

                if (buffer.WrittenCount > 0)
                {
                    await SendAllAsync(buffer.WrittenMemory, CancellationToken.None);
                }

                batch.Clear();
                if (buffer.Capacity > 4 * _maxBatchBytes)
                {
                    buffer = new ArrayBufferWriter<byte>(_maxBatchBytes); // let one huge frame's buffer go
                }
                else
                {
                    buffer.ResetWrittenCount();
                }
            }
        }
        catch (Exception ex)
        {
            error = ex;
            if (!_closed)
            {
                LogWriteFailed(_logger, ex, Peer);
            }
        }

        if (error is not null)
        {
            Close(new SiloUnavailableException($"Sending to silo {Peer} failed: {error.Message}", error));
        }

        if (_closed)
        {
            FailQueued(_closeReason!, batch);
        }
    }

    private async Task ReadLoopAsync()
    {
        Exception reason;
        try
        {
            while (true)
            {
                var result = await Input.ReadAsync();
                var buffer = result.Buffer;
                try
                {
                    while (MessageCodec.TryRead(ref buffer, out var message))
                    {
                        _manager.Deliver(this, message!);
                    }
                }
                finally
                {
                    Input.AdvanceTo(buffer.Start, buffer.End);
                }

                if (result.IsCompleted)
                {
                    reason = new SiloUnavailableException($"Silo {Peer} closed the connection.");
                    break;
                }
            }
        }
        catch (InvalidDataException ex)
        {
            LogMalformedFrame(_logger, ex, Peer);
            reason = new SiloUnavailableException($"Silo {Peer} sent a malformed frame: {ex.Message}", ex);
        }
        catch (Exception ex)
        {
            if (!_closed)
            {
                LogReadFailed(_logger, ex, Peer);
            }

            reason = new SiloUnavailableException($"Receiving from silo {Peer} failed: {ex.Message}", ex);
        }

        Close(reason);
        await Input.CompleteAsync();
    }

    private void FailQueued(Exception reason, List<Message> batch)
    {
        foreach (var message in batch)
        {
            _manager.FailSend(message, reason);
        }

        batch.Clear();

        while (_queue.Reader.TryRead(out var message))
        {
            _manager.FailSend(message, reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing the connection to silo {Silo}: it sent a malformed frame")]
    private static partial void LogMalformedFrame(ILogger logger, Exception ex, SiloAddress? silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Receiving from silo {Silo} failed; closing the connection")]
    private static partial void LogReadFailed(ILogger logger, Exception ex, SiloAddress? silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sending to silo {Silo} failed; closing the connection")]
    private static partial void LogWriteFailed(ILogger logger, Exception ex, SiloAddress? silo);
}
