namespace Vibe.Grains.Interfaces.Agents;

/// <summary>The answer to <see cref="IAgentSpendGrain.Reserve"/>: the reservation, or null when a limit is reached, with the usage it was decided on.</summary>
[GenerateSerializer, Alias("Vibe.AgentSpendReservation")]
public sealed record AgentSpendReservation([Id(0)] Guid? Reservation, [Id(1)] AgentSpendUsage Usage);
