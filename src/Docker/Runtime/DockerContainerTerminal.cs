using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Vibe.Docker.Errors;
using DockerApiException = Vibe.Docker.Errors.DockerApiException;

namespace Vibe.Docker.Runtime;

/// <summary>
/// <see cref="IContainerTerminal"/> on a Docker exec with a TTY, whose stream is the raw terminal. Docker can neither signal an
/// exec nor end it when its connection closes (the shell keeps running), so every terminal's processes carry a random marker
/// in their environment and a hangup is a second, short exec that sends SIGHUP to the processes carrying it.
/// </summary>
internal sealed partial class DockerContainerTerminal : IContainerTerminal
{
    /// <summary>The environment variable holding the terminal's marker (inherited by what the shell starts).</summary>
    public const string MarkerVariable = "VIBE_TERMINAL";

    // $1 is the marker entry NAME=value; environ is NUL-separated. Processes of other users or already gone are skipped silently.
    private const string HangUpScript =
        "for d in /proc/[0-9]*; do tr '\\0' '\\n' < \"$d/environ\" 2>/dev/null | grep -qxF \"$1\" && kill -HUP \"${d#/proc/}\" 2>/dev/null; done; exit 0";

    private const int HangUpOutputBytes = 4 * 1024;

    private static readonly TimeSpan HangUpTimeout = TimeSpan.FromSeconds(10);

    // The exit code is normally there when the output ends; an exec the engine lost (its container stopped) never gets one.
    private static readonly TimeSpan ExitCodeTimeout = TimeSpan.FromSeconds(5);

    private readonly EngineClient _engine;
    private readonly MultiplexedStream _stream;
    private readonly string _execId;
    private readonly string _containerId;
    private readonly string _user;
    private readonly string _markerEntry;
    private readonly ILogger _logger;
    private int _outputEnded;
    private int _disposed;

    private DockerContainerTerminal(EngineClient engine, MultiplexedStream stream, string execId, string containerId, string user, string markerEntry, ILogger logger)
    {
        _engine = engine;
        _stream = stream;
        _execId = execId;
        _containerId = containerId;
        _user = user;
        _markerEntry = markerEntry;
        _logger = logger;
    }

    /// <summary>Starts <paramref name="command"/> on a TTY of <paramref name="columns"/> × <paramref name="rows"/> as <paramref name="user"/> in <paramref name="workingDirectory"/>.</summary>
    public static async Task<DockerContainerTerminal> OpenAsync(
        EngineClient engine,
        string containerId,
        IReadOnlyList<string> command,
        string user,
        string workingDirectory,
        int columns,
        int rows,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var markerEntry = $"{MarkerVariable}={RandomNumberGenerator.GetHexString(32, lowercase: true)}";
        var parameters = new ContainerExecCreateParameters
        {
            Cmd = [.. command],
            TTY = true,
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
            User = user,
            WorkingDir = workingDirectory,
            Env = ["TERM=xterm-256color", markerEntry],
        };
        var (execId, stream) = await engine.StartExecAsync(containerId, parameters, cancellationToken).ConfigureAwait(false);
        var terminal = new DockerContainerTerminal(engine, stream, execId, containerId, user, markerEntry, logger);
        try
        {
            // API 1.41 has no size at creation: resize right after the start, before anyone can type.
            await terminal.ResizeAsync(columns, rows, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException ex)
        {
            // The process ended at once (a bad command): its output and exit code tell why, so the terminal is still returned.
            LogInitialResizeFailed(logger, ex, execId, containerId);
        }
        catch
        {
            await terminal.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        LogOpened(logger, execId, containerId, columns, rows);
        return terminal;
    }

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int count;
        if (MemoryMarshal.TryGetArray<byte>(buffer, out var segment))
        {
            count = (await _stream.ReadOutputAsync(segment.Array!, segment.Offset, segment.Count, cancellationToken).ConfigureAwait(false)).Count;
        }
        else
        {
            var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
            try
            {
                count = (await _stream.ReadOutputAsync(rented, 0, buffer.Length, cancellationToken).ConfigureAwait(false)).Count;
                rented.AsSpan(0, count).CopyTo(buffer.Span);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        if (count == 0 && !buffer.IsEmpty)
        {
            Volatile.Write(ref _outputEnded, 1);
        }

        return count;
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> input, CancellationToken cancellationToken = default)
    {
        if (MemoryMarshal.TryGetArray(input, out var segment))
        {
            await _stream.WriteAsync(segment.Array!, segment.Offset, segment.Count, cancellationToken).ConfigureAwait(false);
            return;
        }

        var copy = input.ToArray();
        await _stream.WriteAsync(copy, 0, copy.Length, cancellationToken).ConfigureAwait(false);
    }

    public Task ResizeAsync(int columns, int rows, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        var size = new ContainerResizeParameters { Width = columns, Height = rows };
        return _engine.CallAsync((docker, ct) => docker.Exec.ResizeExecTtyAsync(_execId, size, ct), cancellationToken);
    }

    public async Task HangUpAsync(CancellationToken cancellationToken = default)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(HangUpTimeout);
        try
        {
            var parameters = new ContainerExecCreateParameters
            {
                Cmd = ["sh", "-c", HangUpScript, "sh", _markerEntry],
                User = _user,
                AttachStdout = true,
                AttachStderr = true,
            };
            var (_, stream) = await _engine.StartExecAsync(_containerId, parameters, bound.Token).ConfigureAwait(false);
            using (stream)
            {
                // The output ends when the script has signalled every process of this terminal.
                await new ExecOutput(HangUpOutputBytes).ReadToEndAsync(stream, bound.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is DockerConflictException or DockerNotFoundException)
        {
            // The container is not running (or is gone): its processes went with it.
        }
    }

    public async Task<int?> GetExitCodeAsync(CancellationToken cancellationToken = default)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(ExitCodeTimeout);
        try
        {
            return await _engine.WaitForExitAsync(_execId, bound.Token).ConfigureAwait(false);
        }
        catch (DockerNotFoundException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (Volatile.Read(ref _outputEnded) == 0)
        {
            try
            {
                await HangUpAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is DockerApiException or IOException or OperationCanceledException)
            {
                LogHangUpFailed(_logger, ex, _execId, _containerId);
            }
        }

        _stream.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Opened terminal exec {ExecId} in container {ContainerId} ({Columns}x{Rows})")]
    private static partial void LogOpened(ILogger logger, string execId, string containerId, int columns, int rows);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sizing terminal exec {ExecId} in container {ContainerId} failed; its process has probably ended")]
    private static partial void LogInitialResizeFailed(ILogger logger, Exception ex, string execId, string containerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hanging up terminal exec {ExecId} in container {ContainerId} failed: its processes may keep running until the container stops")]
    private static partial void LogHangUpFailed(ILogger logger, Exception ex, string execId, string containerId);
}
