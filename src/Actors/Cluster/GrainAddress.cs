namespace Vibe.Actors.Cluster;

/// <summary>Where one activation of a grain lives: the grain, its silo and the activation's id.</summary>
internal sealed record GrainAddress(GrainId GrainId, SiloAddress Silo, Guid ActivationId);
