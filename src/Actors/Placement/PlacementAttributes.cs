namespace Vibe.Actors.Placement;

/// <summary>Chooses a grain class's placement strategy. Derive from it for a custom strategy.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public abstract class PlacementAttribute(PlacementStrategy strategy) : Attribute
{
    public PlacementStrategy Strategy { get; } = strategy;
}

public sealed class RandomPlacementAttribute() : PlacementAttribute(RandomPlacement.Instance);

public sealed class PreferLocalPlacementAttribute() : PlacementAttribute(PreferLocalPlacement.Instance);

public sealed class HashBasedPlacementAttribute() : PlacementAttribute(HashBasedPlacement.Instance);

public sealed class ActivationCountBasedPlacementAttribute() : PlacementAttribute(ActivationCountBasedPlacement.Instance);

public sealed class SiloRoleBasedPlacementAttribute(string role) : PlacementAttribute(new SiloRoleBasedPlacement(role));
