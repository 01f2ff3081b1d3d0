namespace Vibe.Hosting.Clustering;

/// <summary>Where a cluster keeps its membership table (Vibe:Cluster:Membership).</summary>
public enum MembershipStore
{
    /// <summary>A Redis hash (Microsoft.Orleans.Clustering.Redis): the design's choice.</summary>
    Redis,

    /// <summary>The cluster's PostgreSQL database (Microsoft.Orleans.Clustering.AdoNet), for installations without Redis.</summary>
    PostgreSQL,
}
