namespace Vibe.Actors.Cluster;

/// <summary>An immutable view of the membership table at one version.</summary>
internal sealed class MembershipSnapshot
{
    public MembershipSnapshot(int version, IReadOnlyDictionary<SiloAddress, MembershipEntry> entries)
    {
        Version = version;
        Entries = entries;
        Active = [.. entries.Values.Where(e => e.Status == SiloStatus.Active).Select(e => e.SiloAddress).Order()];
        Ring = ConsistentRing.Build(Active);
    }

    public static MembershipSnapshot Empty { get; } = new(-1, new Dictionary<SiloAddress, MembershipEntry>());

    public int Version { get; }

    public IReadOnlyDictionary<SiloAddress, MembershipEntry> Entries { get; }

    /// <summary>Active silos, sorted.</summary>
    public IReadOnlyList<SiloAddress> Active { get; }

    /// <summary>The directory ring over the active silos.</summary>
    public ConsistentRing Ring { get; }

    public SiloStatus StatusOf(SiloAddress silo) => Entries.TryGetValue(silo, out var e) ? e.Status : SiloStatus.None;

    public bool IsActive(SiloAddress silo) => StatusOf(silo) == SiloStatus.Active;

    public string RoleOf(SiloAddress silo) => Entries.TryGetValue(silo, out var e) ? e.Role : "";
}
