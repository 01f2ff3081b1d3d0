using System.Globalization;

namespace Vibe.Actors.Cluster;

/// <summary>
/// A membership table in process memory, for tests and single-process clusters. The silos of one cluster share one
/// instance, which is therefore the arbiter of their writes: every insert and update is checked and applied under one
/// lock, with the same conditions as <see cref="PostgresMembershipTable"/>.
/// </summary>
public sealed class InMemoryMembershipTable : IMembershipTable
{
    private readonly Dictionary<SiloAddress, (MembershipEntry Entry, string ETag)> _rows = [];
    private readonly Lock _lock = new();
    private TableVersion _version;
    private long _lastETag; // one counter for row and version ETags, so an ETag is never handed out twice

    public InMemoryMembershipTable(string clusterId)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        ClusterId = clusterId;
        _version = new TableVersion(0, NewETag());
    }

    /// <summary>The cluster whose membership this is; a table holds one cluster.</summary>
    public string ClusterId { get; }

    /// <summary>Nothing to create: the version row exists from construction.</summary>
    public Task InitializeAsync(bool tryInitTableVersion, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.CompletedTask;
    }

    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var entries = new List<(MembershipEntry Entry, string ETag)>(_rows.Count);
            foreach (var row in _rows.Values)
            {
                entries.Add(row);
            }

            entries.Sort(static (x, y) => x.Entry.SiloAddress.CompareTo(y.Entry.SiloAddress));
            return Task.FromResult(new MembershipTableData(entries, _version));
        }
    }

    public Task<MembershipTableData> ReadRowAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            IReadOnlyList<(MembershipEntry Entry, string ETag)> entries = _rows.TryGetValue(silo, out var row) ? [row] : [];
            return Task.FromResult(new MembershipTableData(entries, _version));
        }
    }

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion version, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        MembershipRow.Validate(entry);
        lock (_lock)
        {
            if (!IsNextVersion(version) || _rows.ContainsKey(entry.SiloAddress))
            {
                return Task.FromResult(false);
            }

            _rows[entry.SiloAddress] = (MembershipRow.Normalize(entry), NewETag());
            _version = new TableVersion(version.Version, NewETag());
            return Task.FromResult(true);
        }
    }

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion version, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        MembershipRow.Validate(entry);
        lock (_lock)
        {
            if (!IsNextVersion(version)
                || !_rows.TryGetValue(entry.SiloAddress, out var stored)
                || !string.Equals(stored.ETag, etag, StringComparison.Ordinal))
            {
                return Task.FromResult(false);
            }

            // Like the PostgreSQL table: a writer that read the row before the silo's last heartbeat does not move IAmAlive back.
            var updated = MembershipRow.Normalize(entry);
            updated = updated with { IAmAliveTime = Max(stored.Entry.IAmAliveTime, updated.IAmAliveTime) };
            _rows[entry.SiloAddress] = (updated, NewETag());
            _version = new TableVersion(version.Version, NewETag());
            return Task.FromResult(true);
        }
    }

    public Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var iAmAlive = MembershipRow.ToUtc(entry.IAmAliveTime);
        lock (_lock)
        {
            // The row keeps its ETag: a heartbeat must not make the other silos' pending updates of the row fail.
            if (_rows.TryGetValue(entry.SiloAddress, out var stored) && iAmAlive > stored.Entry.IAmAliveTime)
            {
                _rows[entry.SiloAddress] = (stored.Entry with { IAmAliveTime = iAmAlive }, stored.ETag);
            }
        }

        return Task.CompletedTask;
    }

    public Task CleanupDefunctSiloEntriesAsync(DateTime beforeDate, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var before = MembershipRow.ToUtc(beforeDate);
        lock (_lock)
        {
            List<SiloAddress>? defunct = null;
            foreach (var (silo, row) in _rows)
            {
                if (row.Entry.Status == SiloStatus.Dead && row.Entry.IAmAliveTime < before)
                {
                    (defunct ??= []).Add(silo);
                }
            }

            foreach (var silo in defunct ?? [])
            {
                _rows.Remove(silo);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Whether a write carrying <paramref name="version"/> may proceed: it read the current version and writes the next one.</summary>
    private bool IsNextVersion(TableVersion version) =>
        string.Equals(version.VersionEtag, _version.VersionEtag, StringComparison.Ordinal) && version.Version == _version.Version + 1;

    private string NewETag() => (++_lastETag).ToString(CultureInfo.InvariantCulture);

    private static DateTime Max(DateTime x, DateTime y) => x > y ? x : y;
}
