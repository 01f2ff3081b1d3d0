using System.Globalization;
using Microsoft.Extensions.Options;
using Vibe.Grains.Agents;
using Vibe.Grains.Interfaces.Agents;

namespace Vibe.WebFront.Agents;

/// <summary>
/// Where agent runs start: reserves a place with the user's and the team's <see cref="IAgentSpendGrain"/> against the
/// concurrent-run limits and daily token budgets of <see cref="AgentOptions"/>, and says which one is reached when not.
/// </summary>
internal sealed class AgentSpendGate(IGrainFactory grains, IOptions<AgentOptions> options)
{
    /// <summary>The places for a run of <paramref name="userId"/> (in team <paramref name="teamId"/>'s workspace when given), or the refusal in words.</summary>
    public async Task<(AgentSpendTicket? Ticket, string? Refusal)> ReserveAsync(Guid userId, Guid? teamId)
    {
        var limits = options.Value;
        var user = await UserSpend(userId).Reserve(limits.MaxConcurrentRunsPerUser, limits.DailyTokenBudgetPerUser);
        if (user.Reservation is not { } userReservation)
        {
            return (null, user.Usage.ActiveRuns >= limits.MaxConcurrentRunsPerUser
                ? Format($"You have reached the limit of {limits.MaxConcurrentRunsPerUser} AI agent runs going at once; wait for one to finish or stop it.")
                : Format($"You have used {user.Usage.TokensToday:N0} of your {limits.DailyTokenBudgetPerUser:N0} AI agent tokens for today; the budget renews at midnight UTC."));
        }

        if (teamId is not { } team)
        {
            return (new AgentSpendTicket(userId, userReservation, null, null), null);
        }

        var ofTeam = await TeamSpend(team).Reserve(limits.MaxConcurrentRunsPerTeam, limits.DailyTokenBudgetPerTeam);
        if (ofTeam.Reservation is not { } teamReservation)
        {
            await UserSpend(userId).Release(userReservation);
            return (null, ofTeam.Usage.ActiveRuns >= limits.MaxConcurrentRunsPerTeam
                ? Format($"This team has reached its limit of {limits.MaxConcurrentRunsPerTeam} AI agent runs going at once; wait for one to finish or stop it.")
                : Format($"This team has used {ofTeam.Usage.TokensToday:N0} of its {limits.DailyTokenBudgetPerTeam:N0} AI agent tokens for today; the budget renews at midnight UTC."));
        }

        return (new AgentSpendTicket(userId, userReservation, team, teamReservation), null);
    }

    /// <summary>Ties the ticket's places to the run that started.</summary>
    public async Task AttachAsync(AgentSpendTicket ticket, string workspaceId, string runId)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        await UserSpend(ticket.UserId).Attach(ticket.UserReservation, workspaceId, runId);
        if (ticket is { TeamId: { } team, TeamReservation: { } reservation })
        {
            await TeamSpend(team).Attach(reservation, workspaceId, runId);
        }
    }

    /// <summary>Gives the ticket's places back: its run did not start.</summary>
    public async Task ReleaseAsync(AgentSpendTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        await UserSpend(ticket.UserId).Release(ticket.UserReservation);
        if (ticket is { TeamId: { } team, TeamReservation: { } reservation })
        {
            await TeamSpend(team).Release(reservation);
        }
    }

    private static string Format(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);

    private IAgentSpendGrain UserSpend(Guid userId) => grains.GetGrain<IAgentSpendGrain>($"user/{userId:D}");

    private IAgentSpendGrain TeamSpend(Guid teamId) => grains.GetGrain<IAgentSpendGrain>($"team/{teamId:D}");
}
