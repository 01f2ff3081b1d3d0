namespace Vibe.Actors.Cluster;

/// <summary>What silos tell each other directly: probes, membership gossip and load.</summary>
internal interface IMembershipService : ISystemTarget
{
    /// <summary>A liveness probe; answers with this silo's activation count.</summary>
    Task<int> Ping(string fromSilo);

    /// <summary>The table changed (version <paramref name="version"/>): re-read it.</summary>
    [OneWay]
    Task MembershipChanged(int version);

    /// <summary>The sender's activation count, for activation-count-based placement.</summary>
    [OneWay]
    Task ReportLoad(string silo, int activationCount);
}
