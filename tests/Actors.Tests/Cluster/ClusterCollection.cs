namespace Vibe.Actors.Tests.Cluster;

/// <summary>
/// Test classes that start several silos: they run one after another, so their failure-detection timings
/// are not starved by other clusters on a 2-core machine.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection
{
    public const string Name = "Cluster";
}
