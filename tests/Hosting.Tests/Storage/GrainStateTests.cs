using System.Text.Json;
using Orleans.Storage;

namespace Vibe.Hosting.Tests.Storage;

/// <summary>Grain state through AddVibeStorage, on a real silo, in PostgreSQL and in SQLite.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class GrainStateTests(Databases databases)
{
    [Theory]
    [MemberData(nameof(Databases.Kinds), MemberType = typeof(Databases))]
    public async Task State_survives_a_silo_restart_and_is_stored_as_plain_json(string kind)
    {
        var database = await databases.CreateAsync(kind);
        var serviceId = NewServiceId();
        await using (var silo = await TestSilo.StartAsync(database.Settings, serviceId))
        {
            await silo.Grains.GetGrain<INoteGrain>("ws1").Write("héllo \"world\"");
        }

        await using (var silo = await TestSilo.StartAsync(database.Settings, serviceId))
        {
            var note = await silo.Grains.GetGrain<INoteGrain>("ws1").Read();
            Assert.Equal("héllo \"world\"", note.Text);
            Assert.Equal(1, note.Revision);
        }

        var row = Assert.Single(await ReadRowsAsync(database, serviceId));
        Assert.Equal(KeyOf("ws1"), row.Key);
        Assert.Equal(1, row.Version);
        Assert.DoesNotContain("$type", row.Payload, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(row.Payload!);
        Assert.Equal("héllo \"world\"", json.RootElement.GetProperty("Text").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("Revision").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Databases.Kinds), MemberType = typeof(Databases))]
    public async Task A_write_after_the_row_changed_underneath_raises_InconsistentStateException_and_the_next_activation_rereads(string kind)
    {
        var database = await databases.CreateAsync(kind);
        var serviceId = NewServiceId();
        await using var silo = await TestSilo.StartAsync(database.Settings, serviceId);
        var grain = silo.Grains.GetGrain<INoteGrain>("ws2");
        await grain.Write("first");

        // Another writer (a second activation in a split cluster) moved the version on.
        await database.ExecuteAsync($"UPDATE orleans_grain_state SET version = version + 1 WHERE service_id = '{serviceId}'");

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Write("lost"));

        // The conflict deactivated the activation: the next one reads the stored state and its ETag, and can write.
        Assert.Equal("first", (await grain.Read()).Text);
        await grain.Write("second");
        var row = Assert.Single(await ReadRowsAsync(database, serviceId));
        Assert.Equal(3, row.Version);
        Assert.Contains("second", row.Payload, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Databases.Kinds), MemberType = typeof(Databases))]
    public async Task Of_two_first_writes_of_one_state_only_one_succeeds(string kind)
    {
        var database = await databases.CreateAsync(kind);
        await using var silo = await TestSilo.StartAsync(database.Settings, NewServiceId());
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(Orleans.Providers.ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        var grainId = GrainId.Create("note", "race");

        // Both read "no row" (ETag null), as two activations of one grain would; the second insert must not overwrite the first.
        var first = new GrainState<NoteState>(new NoteState { Text = "first" });
        var second = new GrainState<NoteState>(new NoteState { Text = "second" });
        await storage.WriteStateAsync(NoteGrain.StateName, grainId, first);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(NoteGrain.StateName, grainId, second));

        var read = new GrainState<NoteState>(new NoteState());
        await storage.ReadStateAsync(NoteGrain.StateName, grainId, read);
        Assert.Equal("first", read.State?.Text);
        Assert.Equal(first.ETag, read.ETag);
        Assert.True(read.RecordExists);
    }

    [Theory]
    [MemberData(nameof(Databases.Kinds), MemberType = typeof(Databases))]
    public async Task Clear_leaves_a_tombstone_whose_version_keeps_counting(string kind)
    {
        var database = await databases.CreateAsync(kind);
        var serviceId = NewServiceId();
        await using var silo = await TestSilo.StartAsync(database.Settings, serviceId);
        var grain = silo.Grains.GetGrain<INoteGrain>("ws3");
        await grain.Write("doomed");
        await grain.Clear();

        var tombstone = Assert.Single(await ReadRowsAsync(database, serviceId));
        Assert.Null(tombstone.Payload);
        Assert.Equal(2, tombstone.Version);

        await grain.Deactivate();
        var fresh = await grain.Read();
        Assert.Equal("", fresh.Text);
        Assert.Equal(0, fresh.Revision);

        // The new activation read the tombstone's version as its ETag, so it writes over it rather than beside it.
        await grain.Write("reborn");
        var row = Assert.Single(await ReadRowsAsync(database, serviceId));
        Assert.Equal(3, row.Version);
        Assert.Contains("reborn", row.Payload, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Databases.Kinds), MemberType = typeof(Databases))]
    public async Task Keys_that_read_as_hexadecimal_keep_separate_rows(string kind)
    {
        // Orleans' provider takes "c1", "C1" and "0c1" for the integer 0xC1, and "deadbeef" for 0xDEADBEEF.
        string[] keys = ["c1", "C1", "0c1", "deadbeef", "DEADBEEF", "00000000000000000000000000000001"];
        var database = await databases.CreateAsync(kind);
        var serviceId = NewServiceId();
        await using (var silo = await TestSilo.StartAsync(database.Settings, serviceId))
        {
            foreach (var key in keys)
            {
                await silo.Grains.GetGrain<INoteGrain>(key).Write("note of " + key);
            }
        }

        await using (var silo = await TestSilo.StartAsync(database.Settings, serviceId))
        {
            foreach (var key in keys)
            {
                Assert.Equal("note of " + key, (await silo.Grains.GetGrain<INoteGrain>(key).Read()).Text);
            }
        }

        var rows = await ReadRowsAsync(database, serviceId);
        Assert.Equal(keys.Select(KeyOf).Order(StringComparer.Ordinal), rows.Select(row => row.Key).Order(StringComparer.Ordinal));
        Assert.All(rows, row => Assert.Equal(1, row.Version));
    }

    private static string NewServiceId() => "svc-" + Guid.NewGuid().ToString("N")[..8];

    private static string KeyOf(string grainKey) => "key:" + grainKey;

    private static async Task<List<(string Key, string? Payload, int Version)>> ReadRowsAsync(TestDatabase database, string serviceId)
    {
        var payload = database.IsPostgres ? "payload::text" : "payload";
        var rows = await database.QueryAsync(
            $"SELECT grain_key, {payload}, version FROM orleans_grain_state WHERE service_id = @service AND state_name = @state",
            ("@service", serviceId), ("@state", NoteGrain.StateName));
        return [.. rows.Select(row => ((string)row[0]!, row[1] as string, Convert.ToInt32(row[2], System.Globalization.CultureInfo.InvariantCulture)))];
    }
}
