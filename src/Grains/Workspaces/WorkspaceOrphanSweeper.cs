using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vibe.Actors;
using Vibe.Docker.Runtime;

namespace Vibe.Grains.Workspaces;

/// <summary>
/// Removes containers that carry a <c>vibe.workspace</c> label of this service but that no workspace grain claims: left
/// behind by a crash between creating a container and recording it, by a deleted workspace whose removal failed, or by
/// state that was lost. Containers younger than <see cref="WorkspaceOptions.OrphanGracePeriod"/> are left alone, since their
/// grain may be about to record them. Runs every <see cref="WorkspaceOptions.OrphanSweepPeriod"/>, and on demand.
/// </summary>
public sealed partial class WorkspaceOrphanSweeper : BackgroundService
{
    private readonly IContainerRuntime _runtime;
    private readonly IGrainFactory _grains;
    private readonly WorkspaceOptions _options;
    private readonly ILogger<WorkspaceOrphanSweeper> _logger;

    public WorkspaceOrphanSweeper(IContainerRuntime runtime, IGrainFactory grains, IOptions<WorkspaceOptions> options, ILogger<WorkspaceOrphanSweeper> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _runtime = runtime;
        _grains = grains;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Removes this service's orphaned workspace containers; returns the ids removed.</summary>
    public async Task<IReadOnlyList<string>> SweepAsync(CancellationToken cancellationToken = default)
    {
        var removed = new List<string>();
        var cutoff = DateTimeOffset.UtcNow - _options.OrphanGracePeriod;
        foreach (var container in await _runtime.ListByLabelAsync(ContainerLabels.Workspace, cancellationToken: cancellationToken))
        {
            if (container.Created > cutoff)
            {
                continue;
            }

            var workspaceId = container.Labels.TryGetValue(ContainerLabels.Workspace, out var id) ? id : null;
            if (WorkspaceIds.IsValid(workspaceId) && await _grains.GetGrain<IWorkspaceGrain>(workspaceId!).OwnsContainer(container.Id, container.Name))
            {
                continue;
            }

            await _runtime.RemoveAsync(container.Id, cancellationToken);
            removed.Add(container.Id);
            LogRemoved(_logger, container.Id, container.Name, workspaceId ?? "(none)");
        }

        return removed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.OrphanSweepPeriod is not { } period)
        {
            return;
        }

        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SweepAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
                {
                    LogSweepFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed orphaned container {ContainerId} ({ContainerName}) of workspace {WorkspaceId}: no workspace claims it")]
    private static partial void LogRemoved(ILogger logger, string containerId, string containerName, string workspaceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping orphaned workspace containers failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception ex);
}
