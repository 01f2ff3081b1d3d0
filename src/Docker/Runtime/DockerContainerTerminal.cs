using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Vibe.Docker.Errors;
using Vibe.Docker.Exec;

namespace Vibe.Docker.Runtime;

/// <summary>
/// <see cref="IContainerTerminal"/> on a Docker exec with a TTY. Docker can neither signal an exec nor end it when its connection
/// closes (the shell keeps running), so every terminal's processes carry a random marker in their environment and a hangup is a
/// second, short exec that sends SIGHUP to the processes carrying it.
/// </summary>
internal sealed partial class DockerContainerTerminal : IContainerTerminal
{
    /// <summary>The environment variable holding the terminal's marker (inherited by what the shell starts).</summary>
    public const string MarkerVariable = "VIBE_TERMINAL";

    // $1 is the marker entry NAME=value; environ is NUL-separated. Processes of other users or already gone are skipped silently.
    private const string HangUpScript =
        "for d in /proc/[0-9]*; do tr '\\0' '\\n' < \"$d/environ\" 2>/dev/null | grep -qxF \"$1\" && kill -HUP \"${d#/proc/}\" 2>/dev/null; done; exit 0";

    private static readonly TimeSpan HangUpTimeout = TimeSpan.FromSeconds(10);

    // The exit code is normally there when the output ends; an exec the engine lost (its container stopped) never gets one.
    private static readonly TimeSpan ExitCodeTimeout = TimeSpan.FromSeconds(5);

    private readonly ExecOperations _exec;
    private readonly ExecSession _session;
    private readonly string _containerId;
    private readonly string _user;
    private readonly string _markerEntry;
    private readonly ILogger _logger;
    private int _outputEnded;
    private int _disposed;

    private DockerContainerTerminal(ExecOperations exec, ExecSession session, string containerId, string user, string markerEntry, ILogger logger)
    {
        _exec = exec;
        _session = session;
        _containerId = containerId;
        _user = user;
        _markerEntry = markerEntry;
        _logger = logger;
    }

    /// <summary>Starts <paramref name="command"/> on a TTY of <paramref name="columns"/> × <paramref name="rows"/> as <paramref name="user"/> in <paramref name="workingDirectory"/>.</summary>
    public static async Task<DockerContainerTerminal> OpenAsync(
        DockerClient client,
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
        var parameters = new ExecCreateParameters
        {
            Cmd = [.. command],
            Tty = true,
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
            User = user,
            WorkingDir = workingDirectory,
            Env = ["TERM=xterm-256color", markerEntry],
        };
        var session = await client.Exec.OpenAsync(containerId, parameters, cancellationToken).ConfigureAwait(false);
        var terminal = new DockerContainerTerminal(client.Exec, session, containerId, user, markerEntry, logger);
        try
        {
            // API 1.41 has no size at creation: resize right after the start, before anyone can type.
            await session.ResizeAsync(rows, columns, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException ex)
        {
            // The process ended at once (a bad command): its output and exit code tell why, so the terminal is still returned.
            LogInitialResizeFailed(logger, ex, session.ExecId, containerId);
        }
        catch
        {
            await terminal.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        LogOpened(logger, session.ExecId, containerId, columns, rows);
        return terminal;
    }

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var result = await _session.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (result.IsCompleted)
        {
            Volatile.Write(ref _outputEnded, 1);
        }

        return result.Count;
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> input, CancellationToken cancellationToken = default) => _session.WriteAsync(input, cancellationToken);

    public Task ResizeAsync(int columns, int rows, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        return _session.ResizeAsync(rows, columns, cancellationToken);
    }

    public async Task HangUpAsync(CancellationToken cancellationToken = default)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(HangUpTimeout);
        try
        {
            await _exec.RunAsync(_containerId, ["sh", "-c", HangUpScript, "sh", _markerEntry], new ExecRunOptions { User = _user }, bound.Token).ConfigureAwait(false);
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
            return await _session.WaitForExitAsync(bound.Token).ConfigureAwait(false);
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
                LogHangUpFailed(_logger, ex, _session.ExecId, _containerId);
            }
        }

        await _session.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Opened terminal exec {ExecId} in container {ContainerId} ({Columns}x{Rows})")]
    private static partial void LogOpened(ILogger logger, string execId, string containerId, int columns, int rows);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sizing terminal exec {ExecId} in container {ContainerId} failed; its process has probably ended")]
    private static partial void LogInitialResizeFailed(ILogger logger, Exception ex, string execId, string containerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hanging up terminal exec {ExecId} in container {ContainerId} failed: its processes may keep running until the container stops")]
    private static partial void LogHangUpFailed(ILogger logger, Exception ex, string execId, string containerId);
}
