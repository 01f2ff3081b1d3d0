namespace Vibe.Grains.Interfaces.Agents;

/// <summary>
/// The AI agent spend of one user (key <c>"user/{id}"</c>) or one team (key <c>"team/{id}"</c>): the runs going now and
/// the tokens runs started today (UTC) have used. Not reentrant, so two starts never both take the last place. A start
/// reserves a place, then attaches the run it started (or releases the place when the start failed).
/// </summary>
[Alias("Vibe.IAgentSpendGrain")]
public interface IAgentSpendGrain : IGrainWithStringKey
{
    /// <summary>Reserves a place for a run when fewer than <paramref name="maxConcurrentRuns"/> go and today's tokens are under <paramref name="dailyTokenBudget"/>.</summary>
    Task<AgentSpendReservation> Reserve(int maxConcurrentRuns, long dailyTokenBudget);

    /// <summary>Ties a reservation to the run it started, whose status and tokens are read from then on.</summary>
    Task Attach(Guid reservation, string workspaceId, string runId);

    /// <summary>Gives a reservation back (its run never started).</summary>
    Task Release(Guid reservation);

    /// <summary>The runs going now and the tokens used today.</summary>
    Task<AgentSpendUsage> GetUsage();
}
