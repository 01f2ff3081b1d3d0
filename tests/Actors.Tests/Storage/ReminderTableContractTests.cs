using Vibe.Actors.Reminders;

namespace Vibe.Actors.Tests.Storage;

/// <summary>What every <see cref="IReminderTable"/> must do; one subclass per table runs these tests against it.</summary>
public abstract class ReminderTableContractTests
{
    private static readonly GrainId Grain = new("workspace", "w1");
    private static readonly GrainId OtherGrain = new("workspace", "w2");
    private static readonly DateTime StartAt = new(2026, 3, 1, 12, 30, 15, 250, DateTimeKind.Utc);

    protected ReminderTableContractTests()
    {
        // Tests of one class may share a database: a service id of their own keeps their reminders apart.
        ServiceId = "service-" + Guid.NewGuid().ToString("N");
    }

    protected string ServiceId { get; }

    /// <summary>An initialized table over this test's backing store; tables for the same service id see the same rows.</summary>
    protected abstract Task<IReminderTable> CreateTableAsync(string serviceId);

    private static ReminderEntry Reminder(GrainId grainId, string name, int periodMinutes = 5) => new()
    {
        GrainId = grainId,
        ReminderName = name,
        StartAt = StartAt,
        Period = TimeSpan.FromMinutes(periodMinutes),
    };

    [Fact]
    public async Task AnEmptyTableHasNoReminders()
    {
        var table = await CreateTableAsync(ServiceId);

        Assert.Null(await table.ReadAsync(Grain, "tick", CancellationToken.None));
        Assert.Empty(await table.ReadAsync(Grain, CancellationToken.None));
        Assert.Empty(await table.ReadAllAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AnUpsertedReminderReadsBackWithItsETag()
    {
        var table = await CreateTableAsync(ServiceId);

        var eTag = await table.UpsertAsync(Reminder(Grain, "tick"), CancellationToken.None);
        var read = await table.ReadAsync(Grain, "tick", CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal(Grain, read.GrainId);
        Assert.Equal("tick", read.ReminderName);
        Assert.Equal(StartAt, read.StartAt);
        Assert.Equal(DateTimeKind.Utc, read.StartAt.Kind);
        Assert.Equal(TimeSpan.FromMinutes(5), read.Period);
        Assert.Equal(eTag, read.ETag);
    }

    [Fact]
    public async Task UpsertingAgainReplacesTheReminderAndChangesItsETag()
    {
        var table = await CreateTableAsync(ServiceId);
        var first = await table.UpsertAsync(Reminder(Grain, "tick", periodMinutes: 5), CancellationToken.None);

        var second = await table.UpsertAsync(Reminder(Grain, "tick", periodMinutes: 10), CancellationToken.None);

        Assert.NotEqual(first, second);
        var read = await table.ReadAsync(Grain, "tick", CancellationToken.None);
        Assert.Equal(TimeSpan.FromMinutes(10), read!.Period);
        Assert.Equal(second, read.ETag);
        Assert.Single(await table.ReadAllAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ReadingByGrainReturnsOnlyThatGrainsReminders()
    {
        var table = await CreateTableAsync(ServiceId);
        await table.UpsertAsync(Reminder(Grain, "tick"), CancellationToken.None);
        await table.UpsertAsync(Reminder(Grain, "tock"), CancellationToken.None);
        await table.UpsertAsync(Reminder(OtherGrain, "tick"), CancellationToken.None);

        var reminders = await table.ReadAsync(Grain, CancellationToken.None);

        Assert.Equal(["tick", "tock"], reminders.Select(r => r.ReminderName).Order(StringComparer.Ordinal));
        Assert.All(reminders, r => Assert.Equal(Grain, r.GrainId));
    }

    [Fact]
    public async Task ReadingAllReturnsEveryReminderOfTheServiceAndNoOther()
    {
        var table = await CreateTableAsync(ServiceId);
        var otherService = await CreateTableAsync("other-" + ServiceId);
        await table.UpsertAsync(Reminder(Grain, "tick"), CancellationToken.None);
        await table.UpsertAsync(Reminder(OtherGrain, "tick"), CancellationToken.None);
        await otherService.UpsertAsync(Reminder(Grain, "elsewhere"), CancellationToken.None);

        var reminders = await table.ReadAllAsync(CancellationToken.None);

        Assert.Equal([Grain, OtherGrain], reminders.Select(r => r.GrainId).OrderBy(g => g.Key, StringComparer.Ordinal));
        Assert.Null(await table.ReadAsync(Grain, "elsewhere", CancellationToken.None));
        Assert.Single(await otherService.ReadAllAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RemovingWithTheCurrentETagDeletesTheReminder()
    {
        var table = await CreateTableAsync(ServiceId);
        var eTag = await table.UpsertAsync(Reminder(Grain, "tick"), CancellationToken.None);

        var removed = await table.RemoveAsync(Grain, "tick", eTag, CancellationToken.None);

        Assert.True(removed);
        Assert.Null(await table.ReadAsync(Grain, "tick", CancellationToken.None));
    }

    [Fact]
    public async Task RemovingWithAStaleETagKeepsTheReminder()
    {
        var table = await CreateTableAsync(ServiceId);
        var stale = await table.UpsertAsync(Reminder(Grain, "tick"), CancellationToken.None);
        var current = await table.UpsertAsync(Reminder(Grain, "tick"), CancellationToken.None);

        Assert.False(await table.RemoveAsync(Grain, "tick", stale, CancellationToken.None));
        Assert.False(await table.RemoveAsync(Grain, "tick", "not-a-version", CancellationToken.None));

        Assert.Equal(current, (await table.ReadAsync(Grain, "tick", CancellationToken.None))?.ETag);
    }

    [Fact]
    public async Task RemovingAMissingReminderReturnsFalse()
    {
        var table = await CreateTableAsync(ServiceId);

        Assert.False(await table.RemoveAsync(Grain, "tick", "1", CancellationToken.None));
    }

    [Fact]
    public async Task AStartTimeOfUnspecifiedKindIsTakenAsUtc()
    {
        var table = await CreateTableAsync(ServiceId);
        var unspecified = DateTime.SpecifyKind(StartAt, DateTimeKind.Unspecified);

        await table.UpsertAsync(Reminder(Grain, "tick") with { StartAt = unspecified }, CancellationToken.None);
        var read = await table.ReadAsync(Grain, "tick", CancellationToken.None);

        Assert.Equal(StartAt, read!.StartAt);
        Assert.Equal(DateTimeKind.Utc, read.StartAt.Kind);
    }
}
