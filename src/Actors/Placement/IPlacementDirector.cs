using Vibe.Actors.Cluster;

namespace Vibe.Actors.Placement;

/// <summary>The grain being placed.</summary>
public sealed record PlacementTarget(GrainId GrainId, Type? GrainClass);

/// <summary>What a director may look at: the calling silo, the compatible silos and their reported load.</summary>
public interface IPlacementContext
{
    /// <summary>The silo making the decision (the caller's silo).</summary>
    string LocalSilo { get; }

    /// <summary>Active silos whose role matches the strategy, as "ip:port@generation" strings, sorted.</summary>
    IReadOnlyList<string> CompatibleSilos { get; }

    /// <summary>The last activation count each silo reported (missing: unknown).</summary>
    IReadOnlyDictionary<string, int> ActivationCounts { get; }

    /// <summary>A silo's role ("" for general silos).</summary>
    string RoleOf(string silo);
}

/// <summary>
/// Chooses the silo for a new activation. Register a custom one with
/// <c>SiloBuilder.AddPlacementDirector&lt;TStrategy, TDirector&gt;()</c> and mark grain classes with a
/// <see cref="PlacementAttribute"/> subclass carrying TStrategy.
/// </summary>
public interface IPlacementDirector
{
    /// <summary>Returns one of <see cref="IPlacementContext.CompatibleSilos"/>.</summary>
    string OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context);
}
