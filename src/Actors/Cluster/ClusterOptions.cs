using System.Net;

namespace Vibe.Actors.Hosting;

/// <summary>How a silo joins a cluster. Without UseCluster a silo runs standalone.</summary>
public sealed class ClusterOptions
{
    /// <summary>Names the cluster: silos with the same id form one cluster (default "vibe").</summary>
    public string ClusterId { get; set; } = "vibe";

    /// <summary>The address and port to listen on for other silos (default 127.0.0.1, port 0: any free port).</summary>
    public IPEndPoint SiloEndpoint { get; set; } = new(IPAddress.Loopback, 0);

    /// <summary>The address other silos use to reach this one, if different from the listening address (e.g. listening on 0.0.0.0).</summary>
    public IPAddress? AdvertisedAddress { get; set; }

    /// <summary>The silo's role: "" takes any grain; another role (e.g. "web") hosts only grains placed on that role.</summary>
    public string Role { get; set; } = "";
}

/// <summary>Failure detection and membership timings (Orleans' ClusterMembershipOptions).</summary>
public sealed class ClusterMembershipOptions
{
    /// <summary>How often each silo probes the silos it monitors (default 1 s).</summary>
    public TimeSpan ProbePeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a probe may take before it counts as missed (default 5 s).</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Missed probes in a row before a silo votes that its target is dead (default 3).</summary>
    public int NumMissedProbesLimit { get; set; } = 3;

    /// <summary>How many silos each silo probes (default 3).</summary>
    public int NumProbedSilos { get; set; } = 3;

    /// <summary>Votes needed to declare a silo dead (default 2; fewer when fewer other silos are active).</summary>
    public int NumVotesForDeathDeclaration { get; set; } = 2;

    /// <summary>How long a suspicion vote counts (default 2 min).</summary>
    public TimeSpan DeathVoteExpirationTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a silo writes its IAmAlive time (default 30 s).</summary>
    public TimeSpan IAmAlivePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>IAmAlive writes a silo may miss before it no longer counts towards the votes needed to declare a silo dead (default 3).</summary>
    public int NumMissedTableIAmAliveLimit { get; set; } = 3;

    /// <summary>How often a silo re-reads the table even without gossip (default 10 s).</summary>
    public TimeSpan TableRefreshPeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a silo tells the others its activation count, for activation-count placement (default 1 s).</summary>
    public TimeSpan LoadPublishPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Dead rows older than this are deleted from the table (default 1 day).</summary>
    public TimeSpan DefunctSiloExpiration { get; set; } = TimeSpan.FromDays(1);
}
