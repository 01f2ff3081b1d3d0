namespace Vibe.WebFront.Agents;

/// <summary>The places <see cref="AgentSpendGate"/> reserved for one run: with its user, and with its team for a team's workspace.</summary>
internal sealed record AgentSpendTicket(Guid UserId, Guid UserReservation, Guid? TeamId, Guid? TeamReservation);
