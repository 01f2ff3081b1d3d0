using Microsoft.Extensions.Logging;
using Vibe.Grains.Interfaces.Agents;
using Vibe.Grains.Placement;

namespace Vibe.Grains.Agents;

/// <summary>
/// Counts one user's or team's AI agent runs and tokens (see <see cref="IAgentSpendGrain"/>). It asks each unfinished run
/// for its status and tokens when a start needs the numbers, so runs need not report back; a reservation whose run was
/// never attached (the caller's silo died) stops counting after <see cref="ReservationTimeout"/>.
/// </summary>
[GrainSiloPlacementFilter]
internal sealed partial class AgentSpendGrain(
    [PersistentState("agentSpend")] IPersistentState<AgentSpendState> spend,
    ILogger<AgentSpendGrain> logger) : Grain, IAgentSpendGrain
{
    public static readonly TimeSpan ReservationTimeout = TimeSpan.FromMinutes(2);

    public async Task<AgentSpendReservation> Reserve(int maxConcurrentRuns, long dailyTokenBudget)
    {
        var usage = await RefreshAsync();
        if (usage.ActiveRuns >= maxConcurrentRuns || usage.TokensToday >= dailyTokenBudget)
        {
            return new AgentSpendReservation(null, usage);
        }

        var reservation = Guid.NewGuid();
        spend.State.Runs.Add(new AgentSpendEntry { Reservation = reservation, ReservedAt = DateTimeOffset.UtcNow });
        await spend.WriteStateAsync();
        return new AgentSpendReservation(reservation, usage with { ActiveRuns = usage.ActiveRuns + 1 });
    }

    public async Task Attach(Guid reservation, string workspaceId, string runId)
    {
        if (spend.State.Runs.Find(r => r.Reservation == reservation) is { } entry)
        {
            entry.WorkspaceId = workspaceId;
            entry.RunId = runId;
            await spend.WriteStateAsync();
        }
    }

    public async Task Release(Guid reservation)
    {
        if (spend.State.Runs.RemoveAll(r => r.Reservation == reservation) > 0)
        {
            await spend.WriteStateAsync();
        }
    }

    public Task<AgentSpendUsage> GetUsage() => RefreshAsync();

    /// <summary>Reads each unfinished run, forgets what no longer counts, and sums what does.</summary>
    private async Task<AgentSpendUsage> RefreshAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var changed = false;
        foreach (var entry in spend.State.Runs)
        {
            if (entry.Ended || entry.RunId is null)
            {
                continue;
            }

            try
            {
                // GetInfo interleaves, so a run busy with its loop answers at once.
                var info = await GrainFactory.GetGrain<IAgentRunGrain>($"{entry.WorkspaceId}/{entry.RunId}").GetInfo();
                var tokens = info.InputTokens + info.OutputTokens;
                var ended = info.Status != AgentRunStatus.Running;
                changed |= tokens != entry.Tokens || ended;
                (entry.Tokens, entry.Ended) = (tokens, ended);
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException)
            {
                // Cannot tell: keep counting it as going rather than risk exceeding the limit.
                LogReadFailed(logger, ex, entry.WorkspaceId, entry.RunId, this.GetPrimaryKeyString());
            }
        }

        var today = now.UtcDateTime.Date;
        changed |= spend.State.Runs.RemoveAll(r =>
            (r.Ended && r.ReservedAt.UtcDateTime.Date < today) || (r.RunId is null && now - r.ReservedAt > ReservationTimeout)) > 0;
        if (changed)
        {
            await spend.WriteStateAsync();
        }

        var active = 0;
        long tokensToday = 0;
        foreach (var entry in spend.State.Runs)
        {
            active += entry.Ended ? 0 : 1;
            tokensToday += entry.ReservedAt.UtcDateTime.Date == today ? entry.Tokens : 0;
        }

        return new AgentSpendUsage(active, tokensToday);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read agent run {WorkspaceId}/{RunId} for the spend of {Spender}; it still counts as going")]
    private static partial void LogReadFailed(ILogger logger, Exception ex, string? workspaceId, string? runId, string spender);
}
