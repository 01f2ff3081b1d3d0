namespace Vibe.Actors.Cluster;

/// <summary>The directory partition a silo owns, as other silos call it.</summary>
internal interface IRemoteGrainDirectory : ISystemTarget
{
    /// <summary>Registers <paramref name="address"/> unless a live activation is registered already; returns the registered one (the winner).</summary>
    Task<GrainAddress> Register(GrainAddress address);

    /// <summary>Registers several addresses (after a membership change) and returns the winner for each.</summary>
    Task<List<GrainAddress>> RegisterMany(List<GrainAddress> addresses);

    Task<GrainAddress?> Lookup(GrainId grainId);

    /// <summary>Removes the entry if it is still this activation's.</summary>
    Task Unregister(GrainAddress address);
}
