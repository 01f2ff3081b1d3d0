using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using Vibe.Docker.Errors;
using Vibe.Docker.Runtime;
using Vibe.Grains.Interfaces.Errors;
using Vibe.Grains.Interfaces.Terminals;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.Grains.Placement;
using Vibe.Grains.Workspaces;

namespace Vibe.Grains.Terminals;

/// <summary>
/// A terminal session: one TTY exec in its workspace's container. A <see cref="TerminalPump"/> reads the output off the grain's
/// turns and hands it to the session's watchers; the grain only starts the shell, writes input, resizes and closes. It keeps its activation alive while the
/// shell runs and lets it be collected once the shell has ended. Placed on the silo that opens it: the workspace grain's, whose
/// Docker engine runs the container.
/// </summary>
[GrainSiloPlacementFilter]
[PreferLocalPlacement]
internal sealed partial class ContainerSessionGrain(
    IContainerRuntime runtime,
    IOptions<WorkspaceOptions> options,
    ILogger<ContainerSessionGrain> logger) : Grain, IContainerSessionGrain
{
    private const int MaxSize = 1000;
    private const int MaxInputChars = 64 * 1024;

    // A login shell: bash where the image has it (the node and python templates), busybox sh otherwise (blank).
    private static readonly string[] ShellCommand = ["sh", "-c", "if command -v bash >/dev/null 2>&1; then exec bash -l; fi; exec sh -l"];

    private static readonly TimeSpan MaxTouchInterval = TimeSpan.FromSeconds(30);

    // Input blocks only when the program does not read it and every buffer on the way is full.
    private static readonly TimeSpan InputTimeout = TimeSpan.FromSeconds(10);

    private readonly WorkspaceOptions _options = options.Value;
    private readonly GrainObservers<ITerminalObserver> _watchers = new(logger);
    private TerminalSessionKey? _key;
    private TerminalPump? _pump;
    private TerminalOpener? _opener;
    private int _columns;
    private int _rows;
    private DateTimeOffset _startedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _lastTouch = DateTimeOffset.MinValue;

    private TerminalSessionKey Key => _key ??= ParseKey();

    private IWorkspaceGrain Workspace => GrainFactory.GetGrain<IWorkspaceGrain>(Key.WorkspaceId);

    // Activity finer than the idle check period changes nothing, and a workspace need not hear of every keystroke.
    private TimeSpan TouchInterval => _options.IdleCheckPeriod < MaxTouchInterval ? _options.IdleCheckPeriod : MaxTouchInterval;

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_pump is { } pump && !pump.Completion.IsCompleted)
        {
            try
            {
                await pump.CloseAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Out of time: the terminal's connection is closed when the pump ends, and its processes die with the container.
                LogNotClosed(logger, Key.WorkspaceId, Key.SessionId, reason.ToString());
            }
        }
    }

    public async Task<TerminalSessionInfo> Open(int columns, int rows, TerminalOpener? opener = null)
    {
        var key = Key;
        ValidateSize(columns, rows);
        if (_pump is { } existing)
        {
            return existing.State.Exited ? throw Ended("be opened again") : Info();
        }

        var workspace = await Workspace.GetInfo();
        if (workspace.Status != WorkspaceStatus.Running || workspace.ContainerId is not { } containerId)
        {
            throw new ConflictException($"Cannot open a terminal in workspace '{key.WorkspaceId}': it is {Describe(workspace.Status)}, not running. Start it first.");
        }

        IContainerTerminal terminal;
        try
        {
            terminal = await runtime.OpenTerminalAsync(containerId, ShellCommand, columns, rows);
        }
        catch (Exception ex) when (ex is DockerConflictException or DockerNotFoundException)
        {
            throw new ConflictException($"Cannot open a terminal in workspace '{key.WorkspaceId}': its container is not running ({ex.Message}).", ex);
        }

        var pump = new TerminalPump(
            key,
            terminal,
            _options.TerminalScrollbackChars,
            output => _watchers.NotifyAsync(watcher => watcher.OnOutput(output)),
            exited => _watchers.NotifyAsync(watcher => watcher.OnExited(exited)),
            logger);
        _pump = pump;
        _opener = opener;
        _columns = columns;
        _rows = rows;
        _startedAt = DateTimeOffset.UtcNow;
        pump.Start();
        DelayDeactivation(Timeout.InfiniteTimeSpan);
        _ = ReleaseWhenEndedAsync(pump);
        LogOpened(logger, key.WorkspaceId, key.SessionId, columns, rows);
        return Info();
    }

    public async Task Input(string data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length > MaxInputChars)
        {
            throw new InvalidRequestException($"Input is limited to {MaxInputChars} characters per call ({data.Length} given): send a long paste in parts.");
        }

        var pump = RunningPump("take input");
        if (data.Length == 0)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(InputTimeout);
        try
        {
            await pump.WriteAsync(data, timeout.Token);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"Terminal session '{Key}' did not take input within {InputTimeout.TotalSeconds:0} s: its program is not reading it.", ex);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            throw new ConflictException($"Terminal session '{Key}' has ended; open a new one.", ex);
        }

        TouchWorkspace();
    }

    public async Task Resize(int columns, int rows)
    {
        ValidateSize(columns, rows);
        var pump = RunningPump("be resized");
        try
        {
            await pump.ResizeAsync(columns, rows);
        }
        catch (DockerApiException ex)
        {
            throw new InvalidOperationException($"Resizing terminal session '{Key}' failed: {ex.Message}", ex);
        }

        _columns = columns;
        _rows = rows;
    }

    public async Task Close()
    {
        var key = Key;
        if (_pump is { } pump && !pump.Completion.IsCompleted)
        {
            await pump.CloseAsync(CancellationToken.None);
            LogClosed(logger, key.WorkspaceId, key.SessionId);
        }
    }

    public Task<TerminalSessionInfo> GetInfo() => Task.FromResult(Info());

    public Task<TerminalAttachment> Attach()
    {
        var (scrollback, endOffset) = _pump?.Snapshot() ?? ("", 0);
        return Task.FromResult(new TerminalAttachment(Info(), scrollback, endOffset));
    }

    public Task Watch(ITerminalObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _watchers.Subscribe(observer);
        return Task.CompletedTask;
    }

    public Task Unwatch(ITerminalObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _watchers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <summary>Once the shell has ended, lets the activation be collected; the continuation runs on this activation's scheduler.</summary>
    private async Task ReleaseWhenEndedAsync(TerminalPump pump)
    {
        await pump.Completion;
        if (_pump == pump)
        {
            DelayDeactivation(TimeSpan.Zero);
        }
    }

    private void TouchWorkspace()
    {
        var now = DateTimeOffset.UtcNow;
        if (now - _lastTouch < TouchInterval)
        {
            return;
        }

        _lastTouch = now;

        // Not awaited: the workspace may be busy (stopping, and closing this session), and input must not wait behind it.
        _ = TouchAsync(Workspace);
    }

    private async Task TouchAsync(IWorkspaceGrain workspace)
    {
        try
        {
            await workspace.Touch();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogTouchFailed(logger, ex, Key.WorkspaceId, Key.SessionId);
        }
    }

    private TerminalPump RunningPump(string what) => _pump switch
    {
        null => throw new ConflictException($"Terminal session '{Key}' cannot {what}: it is not open. Open it first (IWorkspaceGrain.OpenTerminal opens a new one)."),
        { State.Exited: true } => throw Ended(what),
        var pump => pump,
    };

    private ConflictException Ended(string what)
    {
        var exitCode = _pump?.State.ExitCode is { } code ? $" with exit code {code}" : "";
        return new ConflictException($"Terminal session '{Key}' cannot {what}: its shell has ended{exitCode}. Open a new session.");
    }

    private TerminalSessionInfo Info()
    {
        var key = Key;
        var (exited, exitCode) = _pump?.State ?? (false, null);
        var status = _pump is null ? TerminalSessionStatus.NotStarted : exited ? TerminalSessionStatus.Exited : TerminalSessionStatus.Running;
        return new TerminalSessionInfo(key.WorkspaceId, key.SessionId, status, _columns, _rows, exitCode, _startedAt, _opener);
    }

    private TerminalSessionKey ParseKey()
    {
        try
        {
            return TerminalSessionKey.Parse(this.GetPrimaryKeyString());
        }
        catch (ArgumentException)
        {
            DeactivateOnIdle();
            throw;
        }
    }

    private static void ValidateSize(int columns, int rows)
    {
        if (columns is < 1 or > MaxSize || rows is < 1 or > MaxSize)
        {
            throw new ArgumentOutOfRangeException(nameof(columns), $"A terminal is 1 to {MaxSize} columns by 1 to {MaxSize} rows, not {columns} x {rows}.");
        }
    }

#pragma warning disable CA1308 // Status names are shown to people, lower-cased for reading in a sentence.
    private static string Describe(WorkspaceStatus status) => status.ToString().ToLowerInvariant();
#pragma warning restore CA1308

    [LoggerMessage(Level = LogLevel.Information, Message = "Terminal {SessionId} of workspace {WorkspaceId} opened ({Columns}x{Rows})")]
    private static partial void LogOpened(ILogger logger, string workspaceId, string sessionId, int columns, int rows);

    [LoggerMessage(Level = LogLevel.Information, Message = "Terminal {SessionId} of workspace {WorkspaceId} closed")]
    private static partial void LogClosed(ILogger logger, string workspaceId, string sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Terminal {SessionId} of workspace {WorkspaceId} was not closed in time on deactivation ({Reason})")]
    private static partial void LogNotClosed(ILogger logger, string workspaceId, string sessionId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Terminal {SessionId} of workspace {WorkspaceId}: recording activity on the workspace failed")]
    private static partial void LogTouchFailed(ILogger logger, Exception ex, string workspaceId, string sessionId);
}
