namespace Vibe.Actors.Hosting;

/// <summary>Registered by UseCluster: its presence makes the silo join a cluster when it starts.</summary>
internal sealed record ClusterMarker;
