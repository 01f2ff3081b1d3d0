namespace Vibe.Actors.Cluster;

/// <summary>Grain type names of the system targets, and how their ids are made.</summary>
internal static class SystemTargets
{
    public const string Prefix = "sys.";
    public const string Directory = "sys.directory";
    public const string Membership = "sys.membership";
    public const string StreamObservers = "sys.streams";

    public static bool IsSystemTarget(GrainId grainId) => grainId.Type.StartsWith(Prefix, StringComparison.Ordinal);

    public static GrainId Id(string type, SiloAddress silo) => new(type, silo.ToString());

    /// <summary>The silo a system target id points at.</summary>
    public static SiloAddress SiloOf(GrainId grainId) => SiloAddress.Parse(grainId.Key);
}
