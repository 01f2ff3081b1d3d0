using System.Net;
using Vibe.Actors.Cluster;

namespace Vibe.Actors.Tests.Cluster;

/// <summary>What every <see cref="IMembershipTable"/> must do; one subclass per table runs these tests against it.</summary>
public abstract class MembershipTableContractTests
{
    private static readonly DateTime StartedAt = new(2026, 3, 1, 12, 0, 0, 250, DateTimeKind.Utc);
    private static readonly DateTime AliveAt = new(2026, 3, 1, 12, 5, 30, 125, DateTimeKind.Utc);
    private static readonly SuspectVote[] NoVotes = [];

    protected MembershipTableContractTests()
    {
        // Tests of one class may share a database: a cluster id of their own keeps their rows apart.
        ClusterId = "cluster-" + Guid.NewGuid().ToString("N");
    }

    protected string ClusterId { get; }

    /// <summary>A table over this test's backing store, initialized with its version row; tables for the same cluster id see the same rows.</summary>
    protected abstract Task<IMembershipTable> CreateTableAsync(string clusterId);

    private static SiloAddress Silo(int port, int generation = 1) => new(new IPEndPoint(IPAddress.Loopback, port), generation);

    private static MembershipEntry Entry(SiloAddress silo, SiloStatus status = SiloStatus.Active) => new()
    {
        SiloAddress = silo,
        Status = status,
        SiloName = $"silo-{silo.Endpoint.Port}",
        HostName = "host-1",
        Role = "",
        StartTime = StartedAt,
        IAmAliveTime = AliveAt,
    };

    /// <summary>Inserts <paramref name="entry"/> at the next version and returns the table as read afterwards.</summary>
    private static async Task<MembershipTableData> InsertAsync(IMembershipTable table, MembershipEntry entry)
    {
        var read = await table.ReadAllAsync(CancellationToken.None);
        Assert.True(await table.InsertRowAsync(entry, read.Version.Next(), CancellationToken.None));
        return await table.ReadAllAsync(CancellationToken.None);
    }

    private static (MembershipEntry Entry, string ETag) RowOf(MembershipTableData data, SiloAddress silo) =>
        Assert.Single(data.Entries, e => e.Entry.SiloAddress == silo);

    /// <summary>Entries are records, but their suspect votes are a list: compare those by content.</summary>
    private static void AssertSameEntry(MembershipEntry expected, MembershipEntry actual)
    {
        Assert.Equal(expected with { SuspectTimes = NoVotes }, actual with { SuspectTimes = NoVotes });
        Assert.Equal(expected.SuspectTimes, actual.SuspectTimes);
    }

    /// <summary>Same version, same rows with the same ETags.</summary>
    private static void AssertUnchanged(MembershipTableData before, MembershipTableData after)
    {
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Entries.Count, after.Entries.Count);
        foreach (var (entry, etag) in before.Entries)
        {
            var row = RowOf(after, entry.SiloAddress);
            Assert.Equal(etag, row.ETag);
            AssertSameEntry(entry, row.Entry);
        }
    }

    [Fact]
    public async Task ANewTableIsEmptyAtVersionZero()
    {
        var table = await CreateTableAsync(ClusterId);

        var read = await table.ReadAllAsync(CancellationToken.None);

        Assert.Empty(read.Entries);
        Assert.Equal(0, read.Version.Version);
        Assert.False(string.IsNullOrEmpty(read.Version.VersionEtag));
    }

    [Fact]
    public async Task InitializingAgainKeepsTheRowsAndTheVersion()
    {
        var table = await CreateTableAsync(ClusterId);
        var before = await InsertAsync(table, Entry(Silo(11111)));

        await table.InitializeAsync(tryInitTableVersion: true, CancellationToken.None);
        await table.InitializeAsync(tryInitTableVersion: false, CancellationToken.None);

        var after = await table.ReadAllAsync(CancellationToken.None);
        AssertUnchanged(before, after);
    }

    [Fact]
    public async Task InsertingWithTheCurrentVersionAddsTheRowAndAdvancesTheVersion()
    {
        var table = await CreateTableAsync(ClusterId);
        var entry = Entry(Silo(11111)) with { Role = "agents" };
        var read = await table.ReadAllAsync(CancellationToken.None);

        var inserted = await table.InsertRowAsync(entry, read.Version.Next(), CancellationToken.None);

        Assert.True(inserted);
        var after = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(1, after.Version.Version);
        Assert.NotEqual(read.Version.VersionEtag, after.Version.VersionEtag);
        var row = Assert.Single(after.Entries);
        AssertSameEntry(entry, row.Entry);
        Assert.False(string.IsNullOrEmpty(row.ETag));
    }

    [Fact]
    public async Task InsertingWithAStaleVersionETagFailsAndChangesNothing()
    {
        var table = await CreateTableAsync(ClusterId);
        var stale = (await table.ReadAllAsync(CancellationToken.None)).Version;
        var before = await InsertAsync(table, Entry(Silo(11111)));

        var inserted = await table.InsertRowAsync(Entry(Silo(22222)), stale.Next(), CancellationToken.None);

        Assert.False(inserted);
        var after = await table.ReadAllAsync(CancellationToken.None);
        AssertUnchanged(before, after);
    }

    [Fact]
    public async Task InsertingWithAVersionOtherThanTheNextOneFails()
    {
        var table = await CreateTableAsync(ClusterId);
        var read = (await table.ReadAllAsync(CancellationToken.None)).Version;

        Assert.False(await table.InsertRowAsync(Entry(Silo(11111)), read, CancellationToken.None));
        Assert.False(await table.InsertRowAsync(Entry(Silo(11111)), read.Next().Next(), CancellationToken.None));

        var after = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(read, after.Version);
        Assert.Empty(after.Entries);
    }

    [Fact]
    public async Task InsertingTheSameSiloAgainFailsAndChangesNothing()
    {
        var table = await CreateTableAsync(ClusterId);
        var before = await InsertAsync(table, Entry(Silo(11111)));

        var inserted = await table.InsertRowAsync(Entry(Silo(11111), SiloStatus.Joining), before.Version.Next(), CancellationToken.None);

        Assert.False(inserted);
        var after = await table.ReadAllAsync(CancellationToken.None);
        AssertUnchanged(before, after);
    }

    [Fact]
    public async Task ANewGenerationOnTheSameEndpointIsAnotherRow()
    {
        var table = await CreateTableAsync(ClusterId);
        await InsertAsync(table, Entry(Silo(11111, generation: 1), SiloStatus.Dead));

        var after = await InsertAsync(table, Entry(Silo(11111, generation: 2)));

        Assert.Equal(2, after.Entries.Count);
        Assert.Equal(2, after.Version.Version);
    }

    [Fact]
    public async Task UpdatingWithTheCurrentETagsReplacesTheRowAndChangesBothETags()
    {
        var table = await CreateTableAsync(ClusterId);
        var silo = Silo(11111);
        var read = await InsertAsync(table, Entry(silo, SiloStatus.Joining));
        var (_, etag) = RowOf(read, silo);
        var changed = Entry(silo) with { SiloName = "renamed", HostName = "host-2", Role = "terminals", IAmAliveTime = AliveAt.AddSeconds(5) };

        var updated = await table.UpdateRowAsync(changed, etag, read.Version.Next(), CancellationToken.None);

        Assert.True(updated);
        var after = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(read.Version.Version + 1, after.Version.Version);
        Assert.NotEqual(read.Version.VersionEtag, after.Version.VersionEtag);
        var row = RowOf(after, silo);
        AssertSameEntry(changed, row.Entry);
        Assert.NotEqual(etag, row.ETag);
    }

    [Fact]
    public async Task UpdatingWithAStaleRowETagFailsAndChangesNothing()
    {
        var table = await CreateTableAsync(ClusterId);
        var silo = Silo(11111);
        var first = await InsertAsync(table, Entry(silo, SiloStatus.Joining));
        var staleETag = RowOf(first, silo).ETag;
        Assert.True(await table.UpdateRowAsync(Entry(silo), staleETag, first.Version.Next(), CancellationToken.None));
        var before = await table.ReadAllAsync(CancellationToken.None);

        var updated = await table.UpdateRowAsync(Entry(silo, SiloStatus.Dead), staleETag, before.Version.Next(), CancellationToken.None);

        Assert.False(updated);
        Assert.False(await table.UpdateRowAsync(Entry(silo, SiloStatus.Dead), "not-an-etag", before.Version.Next(), CancellationToken.None));
        var after = await table.ReadAllAsync(CancellationToken.None);
        AssertUnchanged(before, after);
        Assert.Equal(SiloStatus.Active, RowOf(after, silo).Entry.Status);
    }

    [Fact]
    public async Task UpdatingWithAStaleVersionETagFailsAndChangesNothing()
    {
        var table = await CreateTableAsync(ClusterId);
        var silo = Silo(11111);
        var other = Silo(22222);
        await InsertAsync(table, Entry(silo));
        var stale = await InsertAsync(table, Entry(other));
        Assert.True(await table.UpdateRowAsync(Entry(other, SiloStatus.ShuttingDown), RowOf(stale, other).ETag, stale.Version.Next(), CancellationToken.None));
        var before = await table.ReadAllAsync(CancellationToken.None);

        // The row's ETag is still current; only the version is stale.
        var updated = await table.UpdateRowAsync(Entry(silo, SiloStatus.Dead), RowOf(stale, silo).ETag, stale.Version.Next(), CancellationToken.None);

        Assert.False(updated);
        var after = await table.ReadAllAsync(CancellationToken.None);
        AssertUnchanged(before, after);
        Assert.Equal(SiloStatus.Active, RowOf(after, silo).Entry.Status);
    }

    [Fact]
    public async Task UpdatingAMissingRowFailsAndChangesNothing()
    {
        var table = await CreateTableAsync(ClusterId);
        var before = await InsertAsync(table, Entry(Silo(11111)));

        var updated = await table.UpdateRowAsync(Entry(Silo(22222)), RowOf(before, Silo(11111)).ETag, before.Version.Next(), CancellationToken.None);

        Assert.False(updated);
        var after = await table.ReadAllAsync(CancellationToken.None);
        AssertUnchanged(before, after);
    }

    [Fact]
    public async Task OfConcurrentUpdatersOfOneRowWithTheSameETagsExactlyOneWins()
    {
        var table = await CreateTableAsync(ClusterId);
        var silo = Silo(11111);
        var read = await InsertAsync(table, Entry(silo));
        var (_, etag) = RowOf(read, silo);
        var votes = Enumerable.Range(0, 20)
            .Select(i => Entry(silo) with { SuspectTimes = [new SuspectVote(Silo(20000 + i), AliveAt.AddSeconds(i))] })
            .ToArray();

        var results = await Task.WhenAll(votes.Select(vote =>
            Task.Run(() => table.UpdateRowAsync(vote, etag, read.Version.Next(), CancellationToken.None))));

        var winner = Assert.Single(votes.Where((_, i) => results[i]));
        var after = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(read.Version.Version + 1, after.Version.Version);
        Assert.Equal(winner.SuspectTimes, RowOf(after, silo).Entry.SuspectTimes);
    }

    [Fact]
    public async Task OfConcurrentInsertersWithTheSameVersionExactlyOneWins()
    {
        var table = await CreateTableAsync(ClusterId);
        var read = await table.ReadAllAsync(CancellationToken.None);
        var entries = Enumerable.Range(0, 20).Select(i => Entry(Silo(30000 + i))).ToArray();

        var results = await Task.WhenAll(entries.Select(entry =>
            Task.Run(() => table.InsertRowAsync(entry, read.Version.Next(), CancellationToken.None))));

        var winner = Assert.Single(entries.Where((_, i) => results[i]));
        var after = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(1, after.Version.Version);
        Assert.Equal(winner.SiloAddress, Assert.Single(after.Entries).Entry.SiloAddress);
    }

    [Fact]
    public async Task SuspectVotesRoundTripInUtc()
    {
        var table = await CreateTableAsync(ClusterId);
        var silo = Silo(11111);
        SuspectVote[] first = [new(Silo(22222, generation: 7), AliveAt.AddSeconds(1))];
        var read = await InsertAsync(table, Entry(silo) with { SuspectTimes = first });
        Assert.Equal(first, RowOf(read, silo).Entry.SuspectTimes);
        SuspectVote[] both =
        [
            .. first,
            new(new SiloAddress(new IPEndPoint(IPAddress.Parse("fd00::1234"), 33333), 9), DateTime.SpecifyKind(AliveAt.AddSeconds(2), DateTimeKind.Unspecified)),
        ];

        Assert.True(await table.UpdateRowAsync(Entry(silo) with { SuspectTimes = both }, RowOf(read, silo).ETag, read.Version.Next(), CancellationToken.None));

        var votes = RowOf(await table.ReadRowAsync(silo, CancellationToken.None), silo).Entry.SuspectTimes;
        Assert.Equal(both, votes);
        Assert.All(votes, vote => Assert.Equal(DateTimeKind.Utc, vote.Time.Kind));
    }

    [Fact]
    public async Task TimesReadBackInUtcAndAnUnspecifiedKindIsTakenAsUtc()
    {
        var table = await CreateTableAsync(ClusterId);
        var silo = Silo(11111);
        var entry = Entry(silo) with
        {
            StartTime = DateTime.SpecifyKind(StartedAt, DateTimeKind.Unspecified),
            IAmAliveTime = AliveAt.ToLocalTime(),
        };

        var row = RowOf(await InsertAsync(table, entry), silo).Entry;

        Assert.Equal(StartedAt, row.StartTime);
        Assert.Equal(DateTimeKind.Utc, row.StartTime.Kind);
        Assert.Equal(AliveAt, row.IAmAliveTime);
        Assert.Equal(DateTimeKind.Utc, row.IAmAliveTime.Kind);
    }

    [Fact]
    public async Task UpdatingIAmAliveChangesOnlyThatTimeAndNeitherETag()
    {
        var table = await CreateTableAsync(ClusterId);
        var silo = Silo(11111);
        var before = await InsertAsync(table, Entry(silo));
        var later = AliveAt.AddMinutes(1);

        await table.UpdateIAmAliveAsync(Entry(silo, SiloStatus.Dead) with { SiloName = "ignored", IAmAliveTime = later }, CancellationToken.None);

        var after = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(before.Version, after.Version);
        var row = RowOf(after, silo);
        Assert.Equal(RowOf(before, silo).ETag, row.ETag);
        AssertSameEntry(RowOf(before, silo).Entry with { IAmAliveTime = later }, row.Entry);
    }

    [Fact]
    public async Task AnOlderIAmAliveTimeDoesNotMoveTheRowBack()
    {
        var table = await CreateTableAsync(ClusterId);
        var silo = Silo(11111);
        var read = await InsertAsync(table, Entry(silo));
        var latest = AliveAt.AddMinutes(1);
        await table.UpdateIAmAliveAsync(Entry(silo) with { IAmAliveTime = latest }, CancellationToken.None);

        // A heartbeat that arrives late, and an update by a silo that read the row before the last heartbeat.
        await table.UpdateIAmAliveAsync(Entry(silo) with { IAmAliveTime = AliveAt.AddSeconds(30) }, CancellationToken.None);
        Assert.True(await table.UpdateRowAsync(Entry(silo, SiloStatus.ShuttingDown), RowOf(read, silo).ETag, read.Version.Next(), CancellationToken.None));

        var row = RowOf(await table.ReadRowAsync(silo, CancellationToken.None), silo).Entry;
        Assert.Equal(SiloStatus.ShuttingDown, row.Status);
        Assert.Equal(latest, row.IAmAliveTime);
    }

    [Fact]
    public async Task UpdatingIAmAliveOfAMissingSiloDoesNothing()
    {
        var table = await CreateTableAsync(ClusterId);
        var before = await table.ReadAllAsync(CancellationToken.None);

        await table.UpdateIAmAliveAsync(Entry(Silo(11111)), CancellationToken.None);

        var after = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(before.Version, after.Version);
        Assert.Empty(after.Entries);
    }

    [Fact]
    public async Task ReadingTheRowOfAMissingSiloReturnsNoEntriesButTheVersion()
    {
        var table = await CreateTableAsync(ClusterId);
        var all = await InsertAsync(table, Entry(Silo(11111)));

        var read = await table.ReadRowAsync(Silo(11111, generation: 2), CancellationToken.None);

        Assert.Empty(read.Entries);
        Assert.Equal(all.Version, read.Version);
    }

    [Fact]
    public async Task ReadingARowReturnsOnlyThatSiloWithTheVersion()
    {
        var table = await CreateTableAsync(ClusterId);
        var silo = Silo(11111);
        await InsertAsync(table, Entry(silo));
        var all = await InsertAsync(table, Entry(Silo(22222)));

        var read = await table.ReadRowAsync(silo, CancellationToken.None);

        var row = Assert.Single(read.Entries);
        Assert.Equal(RowOf(all, silo).ETag, row.ETag);
        AssertSameEntry(RowOf(all, silo).Entry, row.Entry);
        Assert.Equal(all.Version, read.Version);
    }

    [Fact]
    public async Task CleanupRemovesOnlyDeadRowsLastAliveBeforeTheDate()
    {
        var table = await CreateTableAsync(ClusterId);
        var cutoff = AliveAt;
        var deadOld = Silo(11111);
        var deadRecent = Silo(22222);
        var activeOld = Silo(33333);
        var stoppingOld = Silo(44444);
        await InsertAsync(table, Entry(deadOld, SiloStatus.Dead) with { IAmAliveTime = cutoff.AddMinutes(-10) });
        await InsertAsync(table, Entry(deadRecent, SiloStatus.Dead) with { IAmAliveTime = cutoff.AddMinutes(10) });
        await InsertAsync(table, Entry(activeOld) with { IAmAliveTime = cutoff.AddMinutes(-10) });
        var before = await InsertAsync(table, Entry(stoppingOld, SiloStatus.Stopping) with { IAmAliveTime = cutoff.AddMinutes(-10) });

        await table.CleanupDefunctSiloEntriesAsync(cutoff, CancellationToken.None);

        var after = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(
            [deadRecent, activeOld, stoppingOld],
            after.Entries.Select(e => e.Entry.SiloAddress).Order());
        Assert.Equal(before.Version, after.Version);
    }

    [Fact]
    public async Task RowsOfAnotherClusterAreInvisible()
    {
        var table = await CreateTableAsync(ClusterId);
        var otherCluster = await CreateTableAsync("other-" + ClusterId);
        var silo = Silo(11111);
        await InsertAsync(otherCluster, Entry(silo));
        await InsertAsync(otherCluster, Entry(Silo(22222)));

        var all = await table.ReadAllAsync(CancellationToken.None);
        var row = await table.ReadRowAsync(silo, CancellationToken.None);

        Assert.Empty(all.Entries);
        Assert.Equal(0, all.Version.Version);
        Assert.Empty(row.Entries);
        Assert.True(await table.InsertRowAsync(Entry(silo), all.Version.Next(), CancellationToken.None));
        Assert.Equal(2, (await otherCluster.ReadAllAsync(CancellationToken.None)).Entries.Count);
    }
}
