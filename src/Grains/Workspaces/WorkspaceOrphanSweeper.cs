using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vibe.Docker.Runtime;
using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.Grains.Workspaces;

/// <summary>
/// Removes containers that carry a <c>vibe.workspace</c> label of this service but that no workspace grain claims: left
/// behind by a crash between creating a container and recording it, by a deleted workspace whose removal failed, or by
/// state that was lost. Containers younger than <see cref="WorkspaceOptions.OrphanGracePeriod"/> are left alone, since their
/// grain may be about to record them. Warm-pool containers (<c>vibe.pool</c>) are left to their pool until a workspace adopts
/// one, which is then checked like any workspace container (its name tells the workspace); those an earlier run of this silo
/// left, and pool directories no container uses, are removed (<see cref="WorkspaceWarmPool.RemoveLeftoversAsync"/>).
/// Workspace networks no container of the service names (their container was removed outside Vibe) go too, older than the
/// same grace period. Runs once at start (networks only) and every <see cref="WorkspaceOptions.OrphanSweepPeriod"/>, and on demand.
/// </summary>
public sealed partial class WorkspaceOrphanSweeper : BackgroundService
{
    private readonly IContainerRuntime _runtime;
    private readonly IGrainFactory _grains;
    private readonly WorkspaceWarmPool _pool;
    private readonly WorkspaceOptions _options;
    private readonly string _serviceId;
    private readonly ILogger<WorkspaceOrphanSweeper> _logger;

    public WorkspaceOrphanSweeper(
        IContainerRuntime runtime,
        IGrainFactory grains,
        WorkspaceWarmPool pool,
        IOptions<WorkspaceOptions> options,
        IOptions<ContainerRuntimeOptions> runtimeOptions,
        ILogger<WorkspaceOrphanSweeper> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runtimeOptions);
        _runtime = runtime;
        _grains = grains;
        _pool = pool;
        _options = options.Value;
        _serviceId = runtimeOptions.Value.ServiceId;
        _logger = logger;
    }

    /// <summary>Removes this service's orphaned workspace containers (and warm-pool leftovers) and unused networks; returns the container ids removed.</summary>
    public async Task<IReadOnlyList<string>> SweepAsync(CancellationToken cancellationToken = default)
    {
        var removed = new List<string>();
        var cutoff = DateTimeOffset.UtcNow - _options.OrphanGracePeriod;
        foreach (var container in await _runtime.ListByLabelAsync(ContainerLabels.Workspace, cancellationToken: cancellationToken))
        {
            var workspaceId = container.Labels.TryGetValue(ContainerLabels.Workspace, out var id) ? id : null;
            if (await RemoveUnclaimedAsync(container, workspaceId, cutoff, cancellationToken))
            {
                removed.Add(container.Id);
            }
        }

        var pooled = await _runtime.ListByLabelAsync(ContainerLabels.Pool, cancellationToken: cancellationToken);
        foreach (var container in pooled)
        {
            if (!_pool.IsUnadopted(container)
                && await RemoveUnclaimedAsync(container, WorkspaceContainerNames.WorkspaceIdOf(_serviceId, container.Name), cutoff, cancellationToken))
            {
                removed.Add(container.Id);
            }
        }

        var remaining = pooled.Where(c => !removed.Contains(c.Id)).ToList();
        foreach (var leftover in await _pool.RemoveLeftoversAsync(remaining, cutoff, cancellationToken))
        {
            removed.Add(leftover.Id);
        }

        await _runtime.RemoveUnusedNetworksAsync(_options.OrphanGracePeriod, cancellationToken);
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
            // Networks left by containers removed while no silo ran need no grain to tell: sweep them at once.
            try
            {
                await _runtime.RemoveUnusedNetworksAsync(_options.OrphanGracePeriod, stoppingToken);
            }
            catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
            {
                LogSweepFailed(_logger, ex);
            }

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

    /// <summary>Removes the container unless it is young or its workspace claims it; returns whether it was removed.</summary>
    private async Task<bool> RemoveUnclaimedAsync(ContainerListing container, string? workspaceId, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        if (container.Created > cutoff
            || (WorkspaceIds.IsValid(workspaceId) && await _grains.GetGrain<IWorkspaceGrain>(workspaceId!).OwnsContainer(container.Id, container.Name)))
        {
            return false;
        }

        await _runtime.RemoveAsync(container.Id, cancellationToken);
        LogRemoved(_logger, container.Id, container.Name, workspaceId ?? "(none)");
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed orphaned container {ContainerId} ({ContainerName}) of workspace {WorkspaceId}: no workspace claims it")]
    private static partial void LogRemoved(ILogger logger, string containerId, string containerName, string workspaceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping orphaned workspace containers failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception ex);
}
