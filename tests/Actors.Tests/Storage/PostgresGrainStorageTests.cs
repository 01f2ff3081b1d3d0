using System.Text.RegularExpressions;
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

        // Every numbered script of orleans.sql ran once: 1 to N without gaps (later scripts add app tables).
        var declared = Regex.Matches(PostgresSchema.ReadScript(), @"^-- Script (\d+):", RegexOptions.Multiline).Count;
        Assert.Equal(Enumerable.Range(1, declared), applied);
        await using var tables = dataSource.CreateCommand("""
            SELECT count(*) FROM information_schema.tables
            WHERE table_schema = 'public'
              AND table_name IN ('orleans_membership_version', 'orleans_membership', 'orleans_storage', 'orleans_reminders')
            """);
        Assert.Equal(4L, await tables.ExecuteScalarAsync());
    }
}
