namespace Vibe.Bench.Cluster;

/// <summary>A named set of Vibe:Cluster:FailureDetection settings (Orleans' ClusterMembershipOptions names); empty: Orleans' defaults.</summary>
internal sealed record FailureDetectionTimings(string Name, IReadOnlyDictionary<string, string> Settings)
{
    private const string Prefix = "Vibe__Cluster__FailureDetection__";

    public static FailureDetectionTimings Defaults { get; } = new("default", new Dictionary<string, string>());

    /// <summary>The tuned options docs/cluster.md and the multi-process tests use.</summary>
    public static FailureDetectionTimings Tuned { get; } = new("tuned", new Dictionary<string, string>
    {
        [Prefix + "ProbeTimeout"] = "00:00:02",
        [Prefix + "NumMissedProbesLimit"] = "3",
        [Prefix + "NumVotesForDeathDeclaration"] = "2",
        [Prefix + "TableRefreshTimeout"] = "00:00:10",
        [Prefix + "IAmAliveTablePublishTimeout"] = "00:00:10",
    });

    /// <summary>
    /// Faster still: one vote declares a silo dead after two missed one-second probes, and probe timeouts stretch to 2 s at
    /// most (MaxProbeTimeout, 4 × ProbeTimeout by default, also bounds how long recent traffic from a silo vetoes votes).
    /// </summary>
    public static FailureDetectionTimings Fast { get; } = new("fast", new Dictionary<string, string>
    {
        [Prefix + "ProbeTimeout"] = "00:00:01",
        [Prefix + "MaxProbeTimeout"] = "00:00:02",
        [Prefix + "NumMissedProbesLimit"] = "2",
        [Prefix + "NumVotesForDeathDeclaration"] = "1",
        [Prefix + "TableRefreshTimeout"] = "00:00:10",
        [Prefix + "IAmAliveTablePublishTimeout"] = "00:00:10",
    });
}
