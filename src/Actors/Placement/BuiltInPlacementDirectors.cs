namespace Vibe.Actors.Placement;

internal sealed class RandomPlacementDirector : IPlacementDirector
{
    public string OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context) =>
        context.CompatibleSilos[Random.Shared.Next(context.CompatibleSilos.Count)];
}

internal sealed class PreferLocalPlacementDirector : IPlacementDirector
{
    public string OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context) =>
        context.CompatibleSilos.Contains(context.LocalSilo) ? context.LocalSilo : context.CompatibleSilos[Random.Shared.Next(context.CompatibleSilos.Count)];
}

internal sealed class HashBasedPlacementDirector : IPlacementDirector
{
    public string OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context) =>
        context.CompatibleSilos[(int)(target.GrainId.GetStableHash() % (uint)context.CompatibleSilos.Count)];
}

/// <summary>Power of two choices: of two random silos, the one with fewer activations.</summary>
internal sealed class ActivationCountPlacementDirector : IPlacementDirector
{
    public string OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.CompatibleSilos;
        var a = silos[Random.Shared.Next(silos.Count)];
        var b = silos[Random.Shared.Next(silos.Count)];
        var loadA = context.ActivationCounts.GetValueOrDefault(a);
        var loadB = context.ActivationCounts.GetValueOrDefault(b);
        return loadA <= loadB ? a : b;
    }
}
