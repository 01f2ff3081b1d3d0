namespace Vibe.Actors.Cluster;

/// <summary>
/// The cluster's membership table, after Orleans' IMembershipTable: every write is conditional on the
/// table version's ETag (and the row's ETag for updates), so concurrent writers serialize.
/// </summary>
public interface IMembershipTable
{
    /// <summary>Creates the schema if needed and, when <paramref name="tryInitTableVersion"/>, the version row (version 0) of this cluster.</summary>
    Task InitializeAsync(bool tryInitTableVersion, CancellationToken cancellationToken);

    Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>The row of <paramref name="silo"/> (if any) and the version row.</summary>
    Task<MembershipTableData> ReadRowAsync(SiloAddress silo, CancellationToken cancellationToken);

    /// <summary>Inserts a row and sets the version row to <paramref name="version"/> if the version row's ETag is still <c>version.VersionEtag</c> and no row for the silo exists. False on any conflict.</summary>
    Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion version, CancellationToken cancellationToken);

    /// <summary>Replaces the row if its ETag is <paramref name="etag"/> and the version row's ETag is <c>version.VersionEtag</c>, and sets the version row to <paramref name="version"/>. False on any conflict.</summary>
    Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion version, CancellationToken cancellationToken);

    /// <summary>Writes only the IAmAlive time of the row; unconditional, does not change versions.</summary>
    Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken);

    /// <summary>Deletes Dead rows whose IAmAlive time is before <paramref name="beforeDate"/>.</summary>
    Task CleanupDefunctSiloEntriesAsync(DateTime beforeDate, CancellationToken cancellationToken);
}
