namespace Vibe.Hosting.Clustering;

/// <summary>
/// The "Vibe:Cluster" configuration section (environment variables Vibe__Cluster__*): whether this Silo joins a
/// cluster, and how. The membership timings are the "Vibe:Cluster:Membership" subsection, bound onto ClusterMembershipOptions.
/// </summary>
public sealed class ClusterSettings
{
    public const string SectionName = "Vibe:Cluster";

    public const string MembershipSectionName = SectionName + ":Membership";

    /// <summary>The silo port when none is configured.</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>Whether to join a cluster; when unset, a cluster is joined exactly when <see cref="ConnectionString"/> is set.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Names the cluster: silos with the same id and database form one cluster (default "vibe").</summary>
    public string ClusterId { get; set; } = "vibe";

    /// <summary>The PostgreSQL database (Npgsql connection string) holding membership, grain state and reminders.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The TCP port other silos connect to (default 11111; 0 picks a free port at every start).</summary>
    public int SiloPort { get; set; } = DefaultSiloPort;

    /// <summary>The IP address the silo port listens on (default 127.0.0.1: silos on this machine only).</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The IP address other silos use to reach this one (default: the listen address; required when that is 0.0.0.0 or ::).</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>"" hosts any grain; another role (e.g. "web") hosts only grains placed on that role.</summary>
    public string Role { get; set; } = "";
}
