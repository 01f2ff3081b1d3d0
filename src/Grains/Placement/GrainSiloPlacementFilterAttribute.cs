using Orleans.Placement;

namespace Vibe.Grains.Placement;

/// <summary>Places the grain class only on silos that host grains, never on a thin web silo.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainSiloPlacementFilterAttribute() : PlacementFilterAttribute(new GrainSiloPlacementFilterStrategy());
