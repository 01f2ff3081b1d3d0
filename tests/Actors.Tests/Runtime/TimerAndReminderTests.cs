using Microsoft.Data.Sqlite;
using Vibe.Actors.Hosting;
using Vibe.Actors.Testing;
using Vibe.Actors.Tests.Grains;

namespace Vibe.Actors.Tests.Runtime;

public sealed class TimerAndReminderTests
{
    private static void FastReminders(SiloBuilder silo) =>
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromMilliseconds(100));

    [Fact]
    public async Task A_grain_timer_ticks_until_disposed()
    {
        await using var silo = await TestSiloHost.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ITimerGrain>("ticking");

        await grain.StartTimer(20);
        await Eventually.Until(async () => await grain.Ticks() >= 3, "three ticks");
        await grain.StopTimer();
        var afterStop = await grain.Ticks();
        var settle = grain.Busy(200); // a turn long enough for several periods
        await settle;

        Assert.Equal(afterStop, await grain.Ticks());
    }

    [Fact]
    public async Task Timer_ticks_do_not_interleave_with_a_running_request()
    {
        await using var silo = await TestSiloHost.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ITimerGrain>("not-interleaved");
        await grain.StartTimer(10);

        for (var i = 0; i < 5; i++)
        {
            await grain.Busy(50);
        }

        await Eventually.Until(async () => await grain.Ticks() >= 5, "ticks between the busy turns");
        Assert.Equal(0, await grain.Violations());
    }

    [Fact]
    public async Task A_reminder_fires_repeatedly_and_stops_when_unregistered()
    {
        await using var silo = await TestSiloHost.StartAsync(s => FastReminders(s.AddMemoryGrainStorage()));
        var grain = silo.GrainFactory.GetGrain<IReminderGrain>("repeating");

        await grain.Register("ping", 100);
        Assert.Equal(["ping"], await grain.ReminderNames());
        await Eventually.Until(async () => await grain.Received() >= 2, "two reminder ticks");
        await grain.Unregister("ping");
        Assert.Empty(await grain.ReminderNames());
        var afterUnregister = await grain.Received();
        await silo.GrainFactory.GetGrain<ITimerGrain>("clock").Busy(400);

        Assert.InRange(await grain.Received(), afterUnregister, afterUnregister + 1); // at most one tick already in flight
    }

    [Fact]
    public async Task A_reminder_shorter_than_the_minimum_period_is_refused()
    {
        await using var silo = await TestSiloHost.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IReminderGrain>("too-fast");

        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.Register("fast", 10));

        Assert.Contains("minimum", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_persisted_reminder_fires_again_after_a_silo_restart_and_activates_its_grain()
    {
        var file = Path.Combine(Path.GetTempPath(), $"vibe-reminders-{Guid.NewGuid():N}.db");
        var connection = $"Data Source={file}";
        try
        {
            await using (var first = await TestSiloHost.StartAsync(s => FastReminders(s.AddSqliteGrainStorage(connection).UseSqliteReminders(connection))))
            {
                await first.GrainFactory.GetGrain<IReminderGrain>("durable").Register("wake", 150);
                await first.StopAsync();
            }

            await using var second = await TestSiloHost.StartAsync(s => FastReminders(s.AddSqliteGrainStorage(connection).UseSqliteReminders(connection)));
            var grain = second.GrainFactory.GetGrain<IReminderGrain>("durable");

            await Eventually.Until(async () => await grain.Received() >= 2, "the reminder to fire after the restart");
            Assert.Equal(["wake"], await grain.ReminderNames());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }
}
