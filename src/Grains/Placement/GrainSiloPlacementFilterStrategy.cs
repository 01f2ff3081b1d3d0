using Orleans.Placement;

namespace Vibe.Grains.Placement;

/// <summary>Keeps a grain off the silos whose metadata role is <see cref="SiloRoles.Web"/> (see <see cref="GrainSiloPlacementFilterDirector"/>).</summary>
public sealed class GrainSiloPlacementFilterStrategy() : PlacementFilterStrategy(order: 0);
