using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vibe.Docker.Errors;
using Vibe.Docker.Runtime;
using Vibe.Grains.Interfaces.Terminals;

namespace Vibe.Grains.Terminals;

/// <summary>
/// Carries one terminal's output off the session grain's turns. A reader decodes it with a stateful UTF-8 decoder (a character
/// split across reads stays whole), appends it to the scrollback and hands it to a publisher, which batches what arrives within a
/// few milliseconds, up to 16 Ki characters, into one <see cref="TerminalOutput"/> event. The hand-over is bounded: a slow
/// subscriber slows the shell down, as a slow terminal does, rather than queueing output without limit. When the output ends the
/// pump reads the exit code, marks the session exited and publishes <see cref="TerminalExited"/>. The grain reads the
/// scrollback, status and exit code under the pump's lock.
/// </summary>
internal sealed partial class TerminalPump
{
    private const int ReadBufferBytes = 8 * 1024;
    private const int MaxBatchChars = 16 * 1024;
    private const int QueuedChunks = 16;

    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(4);

    // After a hangup, a process that ignores SIGHUP and keeps the terminal open is cut off after this.
    private static readonly TimeSpan HangUpGrace = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly TerminalSessionKey _key;
    private readonly IContainerTerminal _terminal;
    private readonly TerminalScrollback _scrollback;
    private readonly Func<TerminalOutput, Task>? _publishOutput;
    private readonly Func<TerminalExited, Task>? _publishExited;
    private readonly ILogger _logger;
    private readonly Channel<OutputChunk> _chunks = Channel.CreateBounded<OutputChunk>(
        new BoundedChannelOptions(QueuedChunks) { SingleReader = true, SingleWriter = true });

    private Task _run = Task.CompletedTask;
    private bool _exited;
    private int? _exitCode;
    private bool _publishFailureLogged;

    /// <param name="publishOutput">Publishes an output event to the session's watchers; null to keep the output as scrollback only.</param>
    /// <param name="publishExited">Publishes the end; null to publish nothing.</param>
    public TerminalPump(
        TerminalSessionKey key,
        IContainerTerminal terminal,
        int scrollbackChars,
        Func<TerminalOutput, Task>? publishOutput,
        Func<TerminalExited, Task>? publishExited,
        ILogger logger)
    {
        _key = key;
        _terminal = terminal;
        _scrollback = new TerminalScrollback(scrollbackChars);
        _publishOutput = publishOutput;
        _publishExited = publishExited;
        _logger = logger;
    }

    /// <summary>Completes once the session has ended: output drained, exit code read, <see cref="TerminalExited"/> published. Never faults.</summary>
    public Task Completion => _run;

    /// <summary>Whether the shell has ended, and its exit code.</summary>
    public (bool Exited, int? ExitCode) State
    {
        get
        {
            lock (_lock)
            {
                return (_exited, _exitCode);
            }
        }
    }

    /// <summary>Starts reading and publishing on the thread pool, outside the grain's scheduler.</summary>
    public void Start() => _run = Task.Run(RunAsync);

    /// <summary>The scrollback and the offset it ends at, taken together.</summary>
    public (string Text, long EndOffset) Snapshot()
    {
        lock (_lock)
        {
            return (_scrollback.Snapshot(), _scrollback.End);
        }
    }

    public ValueTask WriteAsync(string input, CancellationToken cancellationToken) => _terminal.WriteAsync(Encoding.UTF8.GetBytes(input), cancellationToken);

    public Task ResizeAsync(int columns, int rows) => _terminal.ResizeAsync(columns, rows);

    /// <summary>Hangs the terminal up and waits for the session to end; a terminal still open after the grace period is cut off.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (!_run.IsCompleted)
        {
            try
            {
                await _terminal.HangUpAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is DockerApiException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                LogHangUpFailed(_logger, ex, _key.WorkspaceId, _key.SessionId);
            }

            try
            {
                await _run.WaitAsync(HangUpGrace, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Closing the connection ends the reader, and with it the session.
                await _terminal.DisposeAsync().ConfigureAwait(false);
            }
        }

        await _run.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var publishing = _publishOutput is null ? Task.CompletedTask : PublishOutputAsync(_publishOutput);
        var outputEnded = false;
        try
        {
            await ReadAsync().ConfigureAwait(false);
            outputEnded = true;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection was closed (by CloseAsync) or broke.
            LogConnectionEnded(_logger, ex, _key.WorkspaceId, _key.SessionId);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogReadFailed(_logger, ex, _key.WorkspaceId, _key.SessionId);
        }
        finally
        {
            _chunks.Writer.TryComplete();
        }

        await publishing.ConfigureAwait(false);

        int? exitCode = null;
        try
        {
            if (!outputEnded)
            {
                // The process may still run behind a broken connection: disposing hangs it up.
                await _terminal.DisposeAsync().ConfigureAwait(false);
            }

            exitCode = await _terminal.GetExitCodeAsync().ConfigureAwait(false);
            await _terminal.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DockerApiException or IOException or OperationCanceledException)
        {
            LogExitCodeUnknown(_logger, ex, _key.WorkspaceId, _key.SessionId);
        }

        lock (_lock)
        {
            _exited = true;
            _exitCode = exitCode;
        }

        LogExited(_logger, _key.WorkspaceId, _key.SessionId, exitCode);
        if (_publishExited is not null)
        {
            await PublishAsync(_publishExited, new TerminalExited(_key.WorkspaceId, _key.SessionId, exitCode)).ConfigureAwait(false);
        }
    }

    private async Task ReadAsync()
    {
        var decoder = Encoding.UTF8.GetDecoder();
        var bytes = new byte[ReadBufferBytes];

        // Room for the bytes of a character split by the previous read, which the decoder holds back.
        var chars = new char[Encoding.UTF8.GetMaxCharCount(ReadBufferBytes + 3)];
        while (true)
        {
            var read = await _terminal.ReadAsync(bytes).ConfigureAwait(false);
            var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: read == 0);
            if (count > 0)
            {
                var text = new string(chars, 0, count);
                long offset;
                lock (_lock)
                {
                    offset = _scrollback.End;
                    _scrollback.Append(text);
                }

                if (_publishOutput is not null)
                {
                    await _chunks.Writer.WriteAsync(new OutputChunk(offset, text)).ConfigureAwait(false);
                }
            }

            if (read == 0)
            {
                return;
            }
        }
    }

    private async Task PublishOutputAsync(Func<TerminalOutput, Task> publish)
    {
        var reader = _chunks.Reader;
        var batch = new StringBuilder();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            if (!reader.TryRead(out var first))
            {
                continue;
            }

            if (first.Text.Length < MaxBatchChars && !reader.TryPeek(out _))
            {
                // Give the rest of a burst a moment to arrive, so it goes out as one event rather than many.
                await Task.Delay(BatchWindow).ConfigureAwait(false);
            }

            var data = first.Text;
            if (reader.TryPeek(out var next) && data.Length + next.Text.Length <= MaxBatchChars)
            {
                batch.Clear().Append(data);
                while (reader.TryPeek(out next) && batch.Length + next.Text.Length <= MaxBatchChars && reader.TryRead(out next))
                {
                    batch.Append(next.Text);
                }

                data = batch.ToString();
            }

            await PublishAsync(publish, new TerminalOutput(_key.WorkspaceId, _key.SessionId, first.Offset, data)).ConfigureAwait(false);
        }
    }

    private async Task PublishAsync<T>(Func<T, Task> publish, T item)
    {
        try
        {
            await publish(item).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A failing subscriber must not stop the shell; clients that missed output catch up from the scrollback.
            if (!_publishFailureLogged)
            {
                _publishFailureLogged = true;
                LogPublishFailed(_logger, ex, _key.WorkspaceId, _key.SessionId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Terminal {SessionId} of workspace {WorkspaceId}: its connection ended before its output did")]
    private static partial void LogConnectionEnded(ILogger logger, Exception ex, string workspaceId, string sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Terminal {SessionId} of workspace {WorkspaceId}: reading its output failed")]
    private static partial void LogReadFailed(ILogger logger, Exception ex, string workspaceId, string sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Terminal {SessionId} of workspace {WorkspaceId}: hanging it up failed; its connection is closed instead")]
    private static partial void LogHangUpFailed(ILogger logger, Exception ex, string workspaceId, string sessionId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Terminal {SessionId} of workspace {WorkspaceId}: its exit code could not be read")]
    private static partial void LogExitCodeUnknown(ILogger logger, Exception ex, string workspaceId, string sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Terminal {SessionId} of workspace {WorkspaceId} exited with code {ExitCode}")]
    private static partial void LogExited(ILogger logger, string workspaceId, string sessionId, int? exitCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Terminal {SessionId} of workspace {WorkspaceId}: publishing its events failed (further failures are not logged)")]
    private static partial void LogPublishFailed(ILogger logger, Exception ex, string workspaceId, string sessionId);

    private readonly record struct OutputChunk(long Offset, string Text);
}
