namespace Vibe.Actors.Streams;

/// <summary>One subscription as the rendezvous grain keeps it: a grain, or a plain observer on a silo.</summary>
internal sealed record StreamSubscriptionRecord(Guid HandleId, GrainId? Grain, string? Silo);
