using System.Text.Json;
using Npgsql;
using Vibe.Hosting.Storage;

namespace Vibe.Grains.Tests.Cluster;

/// <summary>Grain state in PostgreSQL through Vibe's ADO.NET storage, as a cluster keeps it.</summary>
[Collection(WorkspaceCollection.Name)]
public sealed class GrainStorageTests(StorageFixture databases)
{
    [Fact]
    public async Task A_workspace_state_row_is_plain_json_a_person_can_read()
    {
        var storage = await databases.NewDatabaseAsync();
        await using var silo = await WorkspaceSilo.StartAsync(storage: storage);
        var workspace = await silo.CreateAsync(WorkspaceSilo.Spec("julia"));
        var id = (await workspace.GetInfo()).Id;

        var payload = Assert.Single(await PayloadsAsync(storage, silo.ServiceId, "workspace", id));

        Assert.DoesNotContain("$type", payload, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(payload);
        Assert.Equal("julia", Property(Property(json.RootElement, "Spec"), "Owner").GetString());
        Assert.Equal((await workspace.GetInfo()).ContainerId, Property(json.RootElement, "ContainerId").GetString());
    }

    [Fact]
    public async Task Workspaces_whose_ids_differ_only_in_case_keep_their_own_state()
    {
        // "deadbeef" reads as hex: a key taken for a number would give both workspaces one row.
        var storage = await databases.NewDatabaseAsync();
        var service = WorkspaceSilo.NewService();
        await using var first = await WorkspaceSilo.StartAsync(service: service, storage: storage);
        await first.CreateAsync(WorkspaceSilo.Spec("lower-owner"), "deadbeef");
        await first.CreateAsync(WorkspaceSilo.Spec("upper-owner"), "DEADBEEF");
        await first.StopAsync();

        // A new cluster of the service reads both back from the database.
        await using var second = await WorkspaceSilo.StartAsync(service: service, storage: storage);

        Assert.Equal(("deadbeef", "lower-owner"), Summary(await second.Workspace("deadbeef").GetInfo()));
        Assert.Equal(("DEADBEEF", "upper-owner"), Summary(await second.Workspace("DEADBEEF").GetInfo()));
        Assert.Single(await PayloadsAsync(storage, service.ServiceId, "workspace", "deadbeef"));
        Assert.Single(await PayloadsAsync(storage, service.ServiceId, "workspace", "DEADBEEF"));
    }

    private static (string, string) Summary(WorkspaceInfo info) => (info.Id, info.Owner);

    /// <summary>The stored payloads of grains of <paramref name="serviceId"/> whose key ends with <paramref name="key"/> (case-sensitive).</summary>
    private static async Task<IReadOnlyList<string>> PayloadsAsync(VibeStorageSettings storage, string serviceId, string stateName, string key)
    {
        await using var connection = new NpgsqlConnection(storage.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT payload::text FROM orleans_grain_state WHERE service_id = @service AND state_name = @state AND right(grain_key, length(@key) + 1) = ':' || @key",
            connection);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("state", stateName);
        command.Parameters.AddWithValue("key", key);
        var payloads = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            payloads.Add(reader.GetString(0));
        }

        return payloads;
    }

    private static JsonElement Property(JsonElement element, string name) =>
        element.EnumerateObject().Single(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value;
}
