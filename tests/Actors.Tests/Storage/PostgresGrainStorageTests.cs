using Npgsql;
using Vibe.Actors.Storage;

namespace Vibe.Actors.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class PostgresGrainStorageTests(PostgresFixture postgres) : GrainStorageContractTests
{
    protected override async Task<IGrainStorage> CreateStorageAsync(string serviceId)
    {
        var dataSource = await postgres.GetDatabaseAsync(nameof(PostgresGrainStorageTests));
        var storage = new PostgresGrainStorage(dataSource, serviceId, new JsonGrainStateSerializer());
        await storage.InitializeAsync(CancellationToken.None);
        return storage;
    }

    [Fact]
    public async Task TheSchemaScriptRunsOnAnEmptyDatabaseConcurrentlyAndAgain()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostgresSchema.EnsureCreatedAsync(dataSource, CancellationToken.None)));
        await PostgresSchema.EnsureCreatedAsync(dataSource, CancellationToken.None);

        await using var scripts = dataSource.CreateCommand("SELECT script_number FROM vibe_schema_version ORDER BY script_number");
        var applied = new List<int>();
        await using (var reader = await scripts.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        Assert.Equal([1, 2, 3, 4], applied);
        await using var tables = dataSource.CreateCommand("""
            SELECT count(*) FROM information_schema.tables
            WHERE table_schema = 'public'
              AND table_name IN ('orleans_membership_version', 'orleans_membership', 'orleans_storage', 'orleans_reminders')
            """);
        Assert.Equal(4L, await tables.ExecuteScalarAsync());
    }
}
