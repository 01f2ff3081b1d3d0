namespace Vibe.Actors.Cluster;

/// <summary>A vote that <c>Voter</c> suspected the row's silo at <c>Time</c>.</summary>
public sealed record SuspectVote(SiloAddress Voter, DateTime Time);

/// <summary>One row of the membership table: one generation of one silo.</summary>
public sealed record MembershipEntry
{
    public required SiloAddress SiloAddress { get; init; }

    public required SiloStatus Status { get; init; }

    public string SiloName { get; init; } = "";

    public string HostName { get; init; } = "";

    /// <summary>The silo's role; "" for a general silo that takes any grain. A silo with a role hosts only grains placed on that role.</summary>
    public string Role { get; init; } = "";

    public IReadOnlyList<SuspectVote> SuspectTimes { get; init; } = [];

    public DateTime StartTime { get; init; }

    /// <summary>The last time the silo wrote that it is alive (UTC).</summary>
    public DateTime IAmAliveTime { get; init; }
}

/// <summary>The table's version row: every write carries the next version with the current ETag.</summary>
public sealed record TableVersion(int Version, string VersionEtag)
{
    public TableVersion Next() => new(Version + 1, VersionEtag);
}

/// <summary>A read of the membership table: rows with their ETags, and the version row.</summary>
public sealed record MembershipTableData(IReadOnlyList<(MembershipEntry Entry, string ETag)> Entries, TableVersion Version);
