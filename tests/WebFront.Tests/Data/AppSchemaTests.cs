using Dapper;
using Microsoft.Extensions.Logging;
using Vibe.WebFront.Data;

namespace Vibe.WebFront.Tests.Data;

/// <summary>
/// The app's tables are the web front's own schema (Data/Schema/postgres.sql), recorded in vibe_app_schema_version;
/// Orleans' schema (orleans.sql) holds none of them. Databases made when the app tables were scripts 5, 6, 7 and 9 of
/// orleans.sql keep their rows.
/// </summary>
[Collection(WebFrontCollection.Name)]
public sealed class AppSchemaTests(WebFrontFixture fixture)
{
    [Fact]
    public async Task A_postgresql_database_whose_app_tables_came_from_orleans_sql_keeps_its_rows_and_records_the_app_scripts()
    {
        await using var database = VibeDatabase.ForPostgres(await fixture.Postgres.CreateDatabaseAsync());
        await database.EnsureSchemaAsync(new LogCapture().CreateLogger("schema"), CancellationToken.None);
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            // What orleans.sql left before the app tables moved: the tables, recorded as its scripts 5, 6, 7 and 9.
            await connection.ExecuteAsync("""
                DROP TABLE vibe_app_schema_version;
                CREATE TABLE vibe_schema_version (script_number integer PRIMARY KEY, description text NOT NULL);
                INSERT INTO vibe_schema_version (script_number, description) VALUES (5, 'a'), (6, 'b'), (7, 'c'), (9, 'd');
                INSERT INTO users (id, email, display_name, password_hash, created_at, password_changed_at)
                VALUES ('u1', 'ada@example.com', 'Ada', 'x', 0, 0);
                """);
        }

        var upgrade = new LogCapture();
        await database.EnsureSchemaAsync(upgrade.CreateLogger("schema"), CancellationToken.None);
        var again = new LogCapture();
        await database.EnsureSchemaAsync(again.CreateLogger("schema"), CancellationToken.None);

        Assert.StartsWith("Applied database schema scripts 5, 6, 7, 8 of vibe_app_schema_version to ", Assert.Single(upgrade.Entries).Message, StringComparison.Ordinal);
        Assert.StartsWith("Database schema up to date: ", Assert.Single(again.Entries).Message, StringComparison.Ordinal);
        await using var read = await database.OpenAsync(CancellationToken.None);
        Assert.Equal("Ada", await read.QuerySingleAsync<string>("SELECT display_name FROM users WHERE id = 'u1'"));
        Assert.Empty(await read.QueryAsync<string>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'orleans%'"));
    }
}
