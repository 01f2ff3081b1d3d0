namespace Vibe.Hosting.Clustering;

/// <summary>
/// The "Vibe:Cluster" configuration section (environment variables Vibe__Cluster__*): whether this process joins a cluster,
/// and how. Orleans' failure-detection options are the "Vibe:Cluster:FailureDetection" subsection, bound onto
/// ClusterMembershipOptions (Orleans' defaults unless set).
/// </summary>
public sealed class ClusterSettings
{
    public const string SectionName = "Vibe:Cluster";

    public const string FailureDetectionSectionName = SectionName + ":FailureDetection";

    /// <summary>The silo port of a cluster member when none is configured (Orleans' default).</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>Whether to join a cluster; when unset, a cluster is joined exactly when <see cref="ConnectionString"/> is set.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Names the cluster: silos with the same id and membership store form one cluster (default "vibe").</summary>
    public string ClusterId { get; set; } = "vibe";

    /// <summary>The PostgreSQL database (Npgsql connection string) holding grain state, reminders and, with PostgreSQL membership, the membership table.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Where the cluster's membership table lives: "Redis" (at <see cref="Redis"/>) or "PostgreSQL" (in the database). Default:
    /// Redis when <see cref="Redis"/> is set, else PostgreSQL.
    /// </summary>
    public string? Membership { get; set; }

    /// <summary>The Redis server of the membership table (a StackExchange.Redis configuration string, e.g. "127.0.0.1:6379").</summary>
    public string? Redis { get; set; }

    /// <summary>
    /// The TCP port other silos connect to. A cluster member defaults to 11111; WebFront running alone to 0, which picks a
    /// free port at every start (nobody else needs to find it).
    /// </summary>
    public int? SiloPort { get; set; }

    /// <summary>The port Orleans clients connect to (0, the default: no gateway; Vibe's own processes are all silos).</summary>
    public int GatewayPort { get; set; }

    /// <summary>The IP address the silo port listens on (default 127.0.0.1: silos on this machine only).</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The IP address other silos use to reach this one (default: the listen address; required when that is 0.0.0.0 or ::).</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>"" hosts Vibe's grains; "web" (WebFront's default in a cluster) hosts none of them.</summary>
    public string Role { get; set; } = "";

    /// <summary>The cluster's certificate ("Vibe:Cluster:Tls"): when set, silo and gateway connections use TLS with it.</summary>
    public ClusterTlsSettings Tls { get; set; } = new();
}
