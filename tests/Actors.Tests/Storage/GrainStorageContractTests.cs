using Vibe.Actors.Storage;

namespace Vibe.Actors.Tests.Storage;

/// <summary>What every <see cref="IGrainStorage"/> must do; one subclass per provider runs these tests against it.</summary>
public abstract class GrainStorageContractTests
{
    protected const string StateName = "counter";
    protected static readonly GrainId Grain = new("counter", "alpha");

    protected GrainStorageContractTests()
    {
        // Tests of one class may share a database: a service id of their own keeps their records apart.
        ServiceId = "service-" + Guid.NewGuid().ToString("N");
    }

    protected string ServiceId { get; }

    /// <summary>An initialized provider over this test's backing store; providers for the same service id see the same records.</summary>
    protected abstract Task<IGrainStorage> CreateStorageAsync(string serviceId);

    protected Task<IGrainStorage> CreateStorageAsync() => CreateStorageAsync(ServiceId);

    protected static async Task<GrainState<CounterState>> ReadAsync(IGrainStorage storage, string stateName = StateName, GrainId? grainId = null)
    {
        var state = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync(stateName, grainId ?? Grain, state, CancellationToken.None);
        return state;
    }

    protected static async Task<GrainState<CounterState>> WriteNewAsync(IGrainStorage storage, int count, string stateName = StateName, GrainId? grainId = null)
    {
        var state = new GrainState<CounterState>(new CounterState { Count = count });
        await storage.WriteStateAsync(stateName, grainId ?? Grain, state, CancellationToken.None);
        return state;
    }

    [Fact]
    public async Task ReadingAMissingRecordLeavesTheStateAsGivenWithNoETag()
    {
        var storage = await CreateStorageAsync();
        var initial = new CounterState { Count = 7 };
        var state = new GrainState<CounterState>(initial);

        await storage.ReadStateAsync(StateName, Grain, state, CancellationToken.None);

        Assert.Same(initial, state.State);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task WrittenStateReadsBackIntoAFreshGrainState()
    {
        var storage = await CreateStorageAsync();
        var written = new GrainState<CounterState>(new CounterState { Count = 3, Items = ["a", "b"] });

        await storage.WriteStateAsync(StateName, Grain, written, CancellationToken.None);
        var read = await ReadAsync(storage);

        Assert.NotNull(written.ETag);
        Assert.True(written.RecordExists);
        Assert.NotSame(written.State, read.State);
        Assert.Equal(3, read.State.Count);
        Assert.Equal(["a", "b"], read.State.Items);
        Assert.Equal(written.ETag, read.ETag);
        Assert.True(read.RecordExists);
    }

    [Fact]
    public async Task StoredStateIsACopyNotTheWrittenObject()
    {
        var storage = await CreateStorageAsync();
        var written = await WriteNewAsync(storage, 1);

        written.State.Count = 99;
        var read = await ReadAsync(storage);

        Assert.Equal(1, read.State.Count);
    }

    [Fact]
    public async Task EveryWriteChangesTheETag()
    {
        var storage = await CreateStorageAsync();
        var state = new GrainState<CounterState>(new CounterState());
        var eTags = new List<string?>();

        for (var i = 1; i <= 3; i++)
        {
            state.State.Count = i;
            await storage.WriteStateAsync(StateName, Grain, state, CancellationToken.None);
            eTags.Add(state.ETag);
        }

        Assert.Equal(3, eTags.Distinct().Count());
        Assert.Equal(eTags[^1], (await ReadAsync(storage)).ETag);
    }

    [Fact]
    public async Task OfTwoReadersTheSecondWriteConflictsAndTheFirstWriteIsKept()
    {
        var storage = await CreateStorageAsync();
        await WriteNewAsync(storage, 1);
        var first = await ReadAsync(storage);
        var second = await ReadAsync(storage);
        var eTagBothRead = second.ETag;

        first.State.Count = 2;
        await storage.WriteStateAsync(StateName, Grain, first, CancellationToken.None);
        second.State.Count = 3;
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync(StateName, Grain, second, CancellationToken.None));

        Assert.Equal(first.ETag, conflict.StoredEtag);
        Assert.Equal(eTagBothRead, conflict.CurrentEtag);
        Assert.Contains(StateName, conflict.Message, StringComparison.Ordinal);
        Assert.Contains(Grain.ToString(), conflict.Message, StringComparison.Ordinal);
        Assert.Equal(eTagBothRead, second.ETag);
        var stored = await ReadAsync(storage);
        Assert.Equal(2, stored.State.Count);
        Assert.Equal(first.ETag, stored.ETag);
    }

    [Fact]
    public async Task WritingWithNoETagOverAnExistingRecordConflicts()
    {
        var storage = await CreateStorageAsync();
        var first = await ReadAsync(storage);
        var second = await ReadAsync(storage);

        first.State.Count = 1;
        await storage.WriteStateAsync(StateName, Grain, first, CancellationToken.None);
        second.State.Count = 2;
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync(StateName, Grain, second, CancellationToken.None));

        Assert.Equal(first.ETag, conflict.StoredEtag);
        Assert.Null(conflict.CurrentEtag);
        Assert.Equal(1, (await ReadAsync(storage)).State.Count);
    }

    [Fact]
    public async Task WritingWithAnETagWhenNoRecordExistsConflicts()
    {
        var storage = await CreateStorageAsync();
        var state = new GrainState<CounterState>(new CounterState { Count = 1 }) { ETag = "1", RecordExists = true };

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync(StateName, Grain, state, CancellationToken.None));

        Assert.Null(conflict.StoredEtag);
        Assert.False((await ReadAsync(storage)).RecordExists);
    }

    [Fact]
    public async Task WritingWithAnUnknownETagConflicts()
    {
        var storage = await CreateStorageAsync();
        var state = await WriteNewAsync(storage, 1);
        state.ETag = "not-a-version";

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync(StateName, Grain, state, CancellationToken.None));
    }

    [Fact]
    public async Task AClearedRecordReadsAsMissingAndCanBeWrittenAgain()
    {
        var storage = await CreateStorageAsync();
        var state = await WriteNewAsync(storage, 5);
        var eTagBeforeClear = state.ETag;

        await storage.ClearStateAsync(StateName, Grain, state, CancellationToken.None);

        Assert.NotNull(state.ETag);
        Assert.NotEqual(eTagBeforeClear, state.ETag);
        Assert.False(state.RecordExists);
        var read = await ReadAsync(storage);
        Assert.False(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(0, read.State.Count);

        state.State.Count = 6;
        await storage.WriteStateAsync(StateName, Grain, state, CancellationToken.None);
        Assert.True(state.RecordExists);
        var written = await ReadAsync(storage);
        Assert.Equal(6, written.State.Count);
        Assert.True(written.RecordExists);
        Assert.Equal(state.ETag, written.ETag);
    }

    [Fact]
    public async Task ReadAfterClearGivesNoRecordButAnETag()
    {
        var storage = await CreateStorageAsync();
        var state = await WriteNewAsync(storage, 5);
        await storage.ClearStateAsync(StateName, Grain, state, CancellationToken.None);
        var initial = new CounterState { Count = 7 };
        var read = new GrainState<CounterState>(initial);

        await storage.ReadStateAsync(StateName, Grain, read, CancellationToken.None);

        Assert.Same(initial, read.State);
        Assert.Equal(7, read.State.Count);
        Assert.False(read.RecordExists);
        Assert.NotNull(read.ETag);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task AnETagFromBeforeAClearCannotOverwriteARecordWrittenAfterIt()
    {
        var storage = await CreateStorageAsync();
        await WriteNewAsync(storage, 1);
        var stale = await ReadAsync(storage);
        var e1 = stale.ETag;
        var clearer = await ReadAsync(storage);

        await storage.ClearStateAsync(StateName, Grain, clearer, CancellationToken.None);
        var e2 = clearer.ETag;
        clearer.State = new CounterState { Count = 3 };
        await storage.WriteStateAsync(StateName, Grain, clearer, CancellationToken.None);
        var e3 = clearer.ETag;

        Assert.Equal(e1, stale.ETag);
        Assert.Equal(3, new[] { e1, e2, e3 }.Distinct().Count());
        stale.State.Count = 99;
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync(StateName, Grain, stale, CancellationToken.None));

        Assert.Equal(e3, conflict.StoredEtag);
        Assert.Equal(e1, conflict.CurrentEtag);
        var stored = await ReadAsync(storage);
        Assert.True(stored.RecordExists);
        Assert.Equal(3, stored.State.Count);
        Assert.Equal(e3, stored.ETag);
    }

    [Fact]
    public async Task WriteWithNullETagOverATombstoneConflicts()
    {
        var storage = await CreateStorageAsync();
        var cleared = await WriteNewAsync(storage, 1);
        await storage.ClearStateAsync(StateName, Grain, cleared, CancellationToken.None);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(
            () => WriteNewAsync(storage, 2));

        Assert.Equal(cleared.ETag, conflict.StoredEtag);
        Assert.Null(conflict.CurrentEtag);
        var stored = await ReadAsync(storage);
        Assert.False(stored.RecordExists);
        Assert.Equal(cleared.ETag, stored.ETag);
        Assert.Equal(0, stored.State.Count);
    }

    [Fact]
    public async Task ATombstoneIsClearedAgainOnlyWithItsETag()
    {
        var storage = await CreateStorageAsync();
        var state = await WriteNewAsync(storage, 1);
        await storage.ClearStateAsync(StateName, Grain, state, CancellationToken.None);
        var tombstoneETag = state.ETag;

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.ClearStateAsync(StateName, Grain, new GrainState<CounterState>(new CounterState()), CancellationToken.None));
        await storage.ClearStateAsync(StateName, Grain, state, CancellationToken.None);

        Assert.NotNull(state.ETag);
        Assert.NotEqual(tombstoneETag, state.ETag);
        Assert.False(state.RecordExists);
        var stored = await ReadAsync(storage);
        Assert.False(stored.RecordExists);
        Assert.Equal(state.ETag, stored.ETag);
    }

    [Fact]
    public async Task ClearingWithAStaleETagConflictsAndKeepsTheRecord()
    {
        var storage = await CreateStorageAsync();
        var current = await WriteNewAsync(storage, 1);
        var stale = new GrainState<CounterState>(new CounterState()) { ETag = current.ETag, RecordExists = true };
        current.State.Count = 2;
        await storage.WriteStateAsync(StateName, Grain, current, CancellationToken.None);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.ClearStateAsync(StateName, Grain, stale, CancellationToken.None));

        Assert.Equal(current.ETag, conflict.StoredEtag);
        var stored = await ReadAsync(storage);
        Assert.True(stored.RecordExists);
        Assert.Equal(2, stored.State.Count);
        Assert.Equal(current.ETag, stored.ETag);
    }

    [Fact]
    public async Task ClearingWithNoETagConflictsWhenARecordExistsAndSucceedsWhenNoneDoes()
    {
        var storage = await CreateStorageAsync();
        var neverWritten = await ReadAsync(storage, grainId: new GrainId("counter", "never-written"));
        await storage.ClearStateAsync(StateName, new GrainId("counter", "never-written"), neverWritten, CancellationToken.None);
        Assert.Null(neverWritten.ETag);
        Assert.False(neverWritten.RecordExists);
        Assert.Null((await ReadAsync(storage, grainId: new GrainId("counter", "never-written"))).ETag);
        await WriteNewAsync(storage, 1);
        var unread = new GrainState<CounterState>(new CounterState());

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.ClearStateAsync(StateName, Grain, unread, CancellationToken.None));

        Assert.True((await ReadAsync(storage)).RecordExists);
    }

    [Fact]
    public async Task OfFiftyConcurrentWritersWithTheSameETagExactlyOneSucceeds()
    {
        var storage = await CreateStorageAsync();
        var eTag = (await WriteNewAsync(storage, 0)).ETag;

        var winner = await RaceAsync(storage, writer => new GrainState<CounterState>(new CounterState { Count = writer }) { ETag = eTag, RecordExists = true });

        var stored = await ReadAsync(storage);
        Assert.Equal(winner.State.Count, stored.State.Count);
        Assert.Equal(winner.ETag, stored.ETag);
    }

    [Fact]
    public async Task OfFiftyConcurrentFirstWritesExactlyOneSucceeds()
    {
        var storage = await CreateStorageAsync();

        var winner = await RaceAsync(storage, writer => new GrainState<CounterState>(new CounterState { Count = writer }));

        var stored = await ReadAsync(storage);
        Assert.Equal(winner.State.Count, stored.State.Count);
        Assert.Equal(winner.ETag, stored.ETag);
    }

    [Fact]
    public async Task RecordsOfOtherGrainsStateNamesAndServicesAreSeparate()
    {
        var storage = await CreateStorageAsync();
        var otherService = await CreateStorageAsync("other-" + ServiceId);
        await WriteNewAsync(storage, 1);

        Assert.False((await ReadAsync(storage, grainId: new GrainId("counter", "beta"))).RecordExists);
        Assert.False((await ReadAsync(storage, grainId: new GrainId("timer", Grain.Key))).RecordExists);
        Assert.False((await ReadAsync(storage, stateName: "other-state")).RecordExists);
        Assert.False((await ReadAsync(otherService)).RecordExists);

        await WriteNewAsync(storage, 2, grainId: new GrainId("counter", "beta"));
        await WriteNewAsync(storage, 3, grainId: new GrainId("timer", Grain.Key));
        await WriteNewAsync(storage, 4, stateName: "other-state");
        await WriteNewAsync(otherService, 5);

        Assert.Equal(1, (await ReadAsync(storage)).State.Count);
        Assert.Equal(2, (await ReadAsync(storage, grainId: new GrainId("counter", "beta"))).State.Count);
        Assert.Equal(3, (await ReadAsync(storage, grainId: new GrainId("timer", Grain.Key))).State.Count);
        Assert.Equal(4, (await ReadAsync(storage, stateName: "other-state")).State.Count);
        Assert.Equal(5, (await ReadAsync(otherService)).State.Count);
    }

    /// <summary>Starts 50 writes of <see cref="Grain"/> at once and asserts that exactly one succeeded; returns its state.</summary>
    private static async Task<GrainState<CounterState>> RaceAsync(IGrainStorage storage, Func<int, GrainState<CounterState>> createState)
    {
        const int writers = 50;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, writers).Select(async writer =>
        {
            var state = createState(writer);
            await start.Task;
            try
            {
                await storage.WriteStateAsync(StateName, Grain, state, CancellationToken.None);
                return state;
            }
            catch (InconsistentStateException)
            {
                return null;
            }
        }).ToList();

        start.SetResult();
        var results = await Task.WhenAll(attempts);

        return Assert.Single(results, result => result is not null)!;
    }
}
