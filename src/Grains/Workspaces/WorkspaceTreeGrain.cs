using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Placement;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.Grains.Placement;
using Vibe.Grains.Workspaces.Files;

namespace Vibe.Grains.Workspaces;

/// <summary>
/// Watches a workspace's directory tree while at least one web silo watches it (one activation per watched workspace, on a
/// grain silo, beside the files): every <see cref="WorkspaceTreeOptions.PollPeriod"/> a <see cref="WorkspaceTreeWatch"/>
/// stats the watched directories and lists those that changed, and the directories whose entries differ are pushed to the
/// watchers. Once every watch has been dropped or has lapsed, polling stops and the activation goes.
/// </summary>
[GrainSiloPlacementFilter]
[SupportedOSPlatform("linux")]
[PreferLocalPlacement]
[Reentrant]
internal sealed partial class WorkspaceTreeGrain(IOptions<WorkspaceOptions> options, ILogger<WorkspaceTreeGrain> logger) : Grain, IWorkspaceTreeGrain
{
    private readonly WorkspaceOptions _options = options.Value;
    private readonly GrainObservers<IWorkspaceTreeObserver> _watchers = new(logger);
    private WorkspaceTreeWatch? _watch;
    private IGrainTimer? _timer;
    private bool _polling;

    private string WorkspaceId => this.GetPrimaryKeyString();

    private WorkspaceFileSystem Files => new(_options.DirectoryOf(WorkspaceId), _options.UserId, chown: Environment.IsPrivilegedProcess, _options.MaxFileBytes);

    public Task Watch(IWorkspaceTreeObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _watchers.Subscribe(observer);
        if (_timer is null)
        {
            // The first look is taken now, so a change made right after the watch started is reported.
            _watch = new WorkspaceTreeWatch(_options.FileTree.MaxWatchedEntries, SkippedNames(_options.FileTree.SkippedDirectories));
            Poll();
            var period = _options.FileTree.PollPeriod;
            _timer = this.RegisterGrainTimer(static (self, _) => self.PollAsync(), this, new GrainTimerCreationOptions(period, period) { KeepAlive = true });
        }

        return Task.CompletedTask;
    }

    public Task Unwatch(IWorkspaceTreeObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _watchers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private async Task PollAsync()
    {
        if (_polling)
        {
            return; // the last poll is still pushing
        }

        if (_watchers.ActiveCount == 0)
        {
            _timer?.Dispose();
            _timer = null;
            _watch = null;
            DeactivateOnIdle();
            return;
        }

        _polling = true;
        try
        {
            if (Poll() is { Count: > 0 } changed)
            {
                var change = new WorkspaceTreeChange(WorkspaceId, changed);
                await _watchers.NotifyAsync(watcher => watcher.OnTreeChanged(change));
            }
        }
        finally
        {
            _polling = false;
        }
    }

    private IReadOnlyList<string> Poll()
    {
        var watch = _watch!;
        var wasTruncated = watch.Truncated;
        IReadOnlyList<string> changed;
        try
        {
            changed = watch.Poll(Files, DateTimeOffset.UtcNow);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogPollFailed(logger, WorkspaceId, ex.Message);
            return [];
        }

        if (watch.Truncated && !wasTruncated)
        {
            LogTruncated(logger, WorkspaceId, _options.FileTree.MaxWatchedEntries, watch.Directories);
        }

        return changed;
    }

    private static HashSet<string> SkippedNames(string? names) =>
        new((names ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.Ordinal);

    [LoggerMessage(Level = LogLevel.Information, Message = "The file tree of workspace {WorkspaceId} is watched only up to {MaxEntries} entries ({Directories} directories, nearest the root); Vibe:Workspaces:FileTree:MaxWatchedEntries raises the bound")]
    private static partial void LogTruncated(ILogger logger, string workspaceId, int maxEntries, int directories);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Polling the file tree of workspace {WorkspaceId} failed: {Reason}")]
    private static partial void LogPollFailed(ILogger logger, string workspaceId, string reason);
}
