using Vibe.TestSupport;

namespace Vibe.Hosting.Tests.Storage;

/// <summary>Reminders through AddVibeStorage, on a real silo, in PostgreSQL and in SQLite.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class ReminderTests(Databases databases)
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan TickBound = TimeSpan.FromSeconds(30);

    [Theory]
    [MemberData(nameof(Databases.Kinds), MemberType = typeof(Databases))]
    public async Task A_reminder_fires_and_keeps_firing_after_the_silo_restarts(string kind)
    {
        var database = await databases.CreateAsync(kind);
        var serviceId = "svc-" + Guid.NewGuid().ToString("N")[..8];
        int ticksBeforeRestart;
        await using (var silo = await TestSilo.StartAsync(database.Settings, serviceId))
        {
            var grain = silo.Grains.GetGrain<ITickGrain>("idle-stop");
            await grain.Start(Period);
            await Eventually.Until(async () => await grain.Ticks() >= 1, "the first tick", TickBound);
            ticksBeforeRestart = await grain.Ticks();
        }

        var row = Assert.Single(await database.QueryAsync(
            "SELECT grain_id, reminder_name, period FROM orleans_grain_reminders WHERE service_id = @service", ("@service", serviceId)));
        Assert.EndsWith("/idle-stop", (string)row[0]!, StringComparison.Ordinal);
        Assert.Equal(TickGrain.ReminderName, row[1]);
        Assert.Equal(1000L, Convert.ToInt64(row[2], System.Globalization.CultureInfo.InvariantCulture));

        // Nobody registers it again: the new silo reads it from the table and ticks the grain.
        await using (var silo = await TestSilo.StartAsync(database.Settings, serviceId))
        {
            var grain = silo.Grains.GetGrain<ITickGrain>("idle-stop");
            await Eventually.Until(async () => await grain.Ticks() > ticksBeforeRestart, "a tick after the restart", TickBound);

            await grain.Stop();
        }

        Assert.Empty(await database.QueryAsync("SELECT 1 FROM orleans_grain_reminders WHERE service_id = @service", ("@service", serviceId)));
    }
}
