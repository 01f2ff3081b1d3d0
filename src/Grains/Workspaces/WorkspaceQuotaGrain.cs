using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.Grains.Placement;

namespace Vibe.Grains.Workspaces;

/// <summary>
/// Counts an owner's running workspaces. Being non-reentrant, it handles one Reserve or Release at a time, so two starts
/// can never both take the last slot. A slot can leak if a silo dies between a reservation and the workspace's state
/// write; when the owner is at the limit, the grain asks each holder whether it still starts or runs and drops those that do not.
/// </summary>
[GrainSiloPlacementFilter]
internal sealed partial class WorkspaceQuotaGrain(
    [PersistentState("quota")] IPersistentState<WorkspaceQuotaState> quota,
    IOptions<WorkspaceOptions> options,
    ILogger<WorkspaceQuotaGrain> logger) : Grain, IWorkspaceQuotaGrain
{
    private int Limit => options.Value.MaxRunningWorkspacesPerOwner;

    public async Task<bool> Reserve(string workspaceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workspaceId);
        var running = quota.State.Running;
        if (running.Contains(workspaceId))
        {
            return true;
        }

        if (running.Count >= Limit)
        {
            await DropStaleReservationsAsync();
            if (running.Count >= Limit)
            {
                return false;
            }
        }

        running.Add(workspaceId);
        await quota.WriteStateAsync();
        return true;
    }

    public async Task Release(string workspaceId)
    {
        if (quota.State.Running.Remove(workspaceId))
        {
            await quota.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> GetReservations() => Task.FromResult<IReadOnlyList<string>>([.. quota.State.Running]);

    public Task<int> GetLimit() => Task.FromResult(Limit);

    private async Task DropStaleReservationsAsync()
    {
        var owner = this.GetPrimaryKeyString();
        var stale = new List<string>();
        foreach (var workspaceId in quota.State.Running)
        {
            try
            {
                // HoldsQuotaSlot interleaves, so this does not wait for (or deadlock with) a workspace that is itself calling
                // Reserve; and it counts a start that has reserved but not yet recorded Starting, which reading the status would not.
                if (!await GrainFactory.GetGrain<IWorkspaceGrain>(workspaceId).HoldsQuotaSlot(owner))
                {
                    stale.Add(workspaceId);
                }
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException)
            {
                // Cannot tell: keep the slot rather than risk exceeding the limit.
                LogCheckFailed(logger, ex, workspaceId, owner);
            }
        }

        if (stale.Count == 0)
        {
            return;
        }

        foreach (var workspaceId in stale)
        {
            quota.State.Running.Remove(workspaceId);
        }

        await quota.WriteStateAsync();
        LogDroppedStale(logger, stale.Count, owner, string.Join(", ", stale));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check whether workspace {WorkspaceId} of {Owner} still runs; its quota slot is kept")]
    private static partial void LogCheckFailed(ILogger logger, Exception ex, string workspaceId, string owner);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped {Count} stale quota slots of {Owner}: {WorkspaceIds}")]
    private static partial void LogDroppedStale(ILogger logger, int count, string owner, string workspaceIds);
}
