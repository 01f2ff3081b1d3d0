using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vibe.Docker.Runtime;
using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.Grains.Workspaces;

/// <summary>
/// Follows the engine's die and OOM events for this service's containers and hands each to its workspace grain, which
/// reconciles. One event stream per silo rather than one per workspace. When the stream breaks (dockerd restarted) it
/// reconnects from the last event seen, so nothing in between is lost.
/// </summary>
internal sealed partial class WorkspaceContainerMonitor(
    IContainerRuntime runtime,
    IGrainFactory grains,
    IOptions<WorkspaceOptions> options,
    IOptions<ContainerRuntimeOptions> runtimeOptions,
    ILogger<WorkspaceContainerMonitor> logger) : BackgroundService
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.MonitorContainerEvents)
        {
            return;
        }

        // Taken before the first await, so events from the moment the silo started are replayed even if subscribing takes a while.
        var since = DateTimeOffset.UtcNow;
        var retryDelay = TimeSpan.FromSeconds(1);
        var failures = 0;
        LogWatching(logger);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var containerEvent in runtime.WatchEventsAsync(since, stoppingToken))
                {
                    since = containerEvent.Time;
                    retryDelay = TimeSpan.FromSeconds(1);
                    failures = 0;
                    // An adopted warm-pool container has no workspace label; its name says whose it is.
                    if ((containerEvent.WorkspaceId ?? WorkspaceContainerNames.WorkspaceIdOf(runtimeOptions.Value.ServiceId, containerEvent.ContainerName)) is { } workspaceId)
                    {
                        _ = ForwardAsync(workspaceId, containerEvent);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Say it once per outage, not on every retry of a daemon that stays down.
                if (failures++ == 0)
                {
                    LogStreamBroken(logger, ex, retryDelay);
                }
                else
                {
                    LogStillBroken(logger, failures, ex.Message);
                }
            }

            try
            {
                await Task.Delay(retryDelay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    // Not awaited by the loop: a workspace busy with a slow stop must not hold up the events of the others.
    private async Task ForwardAsync(string workspaceId, ContainerEngineEvent containerEvent)
    {
        try
        {
            var kind = containerEvent.Kind == ContainerEventKind.OutOfMemory ? WorkspaceContainerEventKind.OutOfMemory : WorkspaceContainerEventKind.Died;
            await grains.GetGrain<IWorkspaceGrain>(workspaceId)
                .OnContainerEvent(new WorkspaceContainerEvent(containerEvent.ContainerId, kind, containerEvent.ExitCode, containerEvent.Time));
        }
        catch (SiloUnavailableException)
        {
            // Shutting down: the grain reconciles with the engine when it is next activated.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogForwardFailed(logger, ex, containerEvent.Kind, workspaceId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching the engine's die and OOM events of workspace containers")]
    private static partial void LogWatching(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The engine's event stream broke; reconnecting in {RetryDelay}")]
    private static partial void LogStreamBroken(ILogger logger, Exception ex, TimeSpan retryDelay);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The engine's event stream is still unavailable after {Failures} attempts: {Problem}")]
    private static partial void LogStillBroken(ILogger logger, int failures, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forwarding a {Kind} event to workspace {WorkspaceId} failed")]
    private static partial void LogForwardFailed(ILogger logger, Exception ex, ContainerEventKind kind, string workspaceId);
}
