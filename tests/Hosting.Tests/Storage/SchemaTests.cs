using Vibe.Hosting.Storage;
using Vibe.TestSupport;

namespace Vibe.Hosting.Tests.Storage;

/// <summary>VibeSchema.EnsureAsync on fresh, current, racing and old databases.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class SchemaTests(Databases databases)
{
    [Theory]
    [MemberData(nameof(Databases.Kinds), MemberType = typeof(Databases))]
    public async Task A_second_application_changes_nothing(string kind)
    {
        var database = await databases.CreateEmptyAsync(kind);
        var first = new LogCapture();
        await VibeSchema.EnsureAsync(database.Settings, first.CreateLogger(nameof(VibeSchema)), CancellationToken.None);
        var before = await SnapshotAsync(database);

        var second = new LogCapture();
        await VibeSchema.EnsureAsync(database.Settings, second.CreateLogger(nameof(VibeSchema)), CancellationToken.None);

        Assert.StartsWith("Applied database schema scripts " + (database.IsPostgres ? "8" : "3") + " of vibe_schema_version to ", Assert.Single(first.Messages), StringComparison.Ordinal);
        Assert.StartsWith("Database schema up to date: ", Assert.Single(second.Messages), StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(database));
    }

    [Theory]
    [MemberData(nameof(Databases.Kinds), MemberType = typeof(Databases))]
    public async Task Processes_applying_the_schema_at_once_do_not_fail_and_one_of_them_applies_it(string kind)
    {
        var database = await databases.CreateEmptyAsync(kind);
        var loggers = Enumerable.Range(0, 4).Select(_ => new LogCapture()).ToArray();

        await Task.WhenAll(loggers.Select(logger => Task.Run(() => VibeSchema.EnsureAsync(database.Settings, logger.CreateLogger(nameof(VibeSchema)), CancellationToken.None))));

        var lines = loggers.Select(logger => Assert.Single(logger.Messages)).ToArray();
        Assert.Single(lines, line => line.StartsWith("Applied ", StringComparison.Ordinal));
        Assert.Equal(3, lines.Count(line => line.StartsWith("Database schema up to date: ", StringComparison.Ordinal)));
        Assert.Equal(database.IsPostgres ? [8] : [3], await RecordedScriptsAsync(database));
    }

    [Fact]
    public async Task A_postgresql_database_of_our_former_runtime_loses_its_runtime_tables_and_keeps_the_app_tables()
    {
        var database = await databases.CreateAsync(Databases.PostgreSql);

        // Roll back to what our former runtime left: its own tables recorded as scripts 1 to 4, the app tables (the web
        // front's today) as 5 to 7.
        await database.ExecuteAsync("""
            DROP TABLE orleans_silos, orleans_cluster_versions, orleans_grain_state, orleans_grain_reminders, orleansquery;
            DELETE FROM vibe_schema_version WHERE script_number = 8;
            CREATE TABLE users (id text PRIMARY KEY, display_name text NOT NULL);
            CREATE TABLE orleans_membership_version (cluster_id varchar(150) PRIMARY KEY, version integer NOT NULL);
            CREATE TABLE orleans_membership (cluster_id varchar(150) REFERENCES orleans_membership_version (cluster_id));
            CREATE TABLE orleans_storage (service_id varchar(150), payload bytea);
            CREATE TABLE orleans_reminders (service_id varchar(150));
            INSERT INTO vibe_schema_version (script_number, description) VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd');
            INSERT INTO users (id, display_name) VALUES ('u1', 'Ada');
            """);

        var log = new LogCapture();
        await VibeSchema.EnsureAsync(database.Settings, log.CreateLogger(nameof(VibeSchema)), CancellationToken.None);

        Assert.StartsWith("Applied database schema scripts 8 of vibe_schema_version to ", Assert.Single(log.Messages), StringComparison.Ordinal);
        var tables = (await database.QueryAsync("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).Select(row => (string)row[0]!).ToList();
        Assert.DoesNotContain(tables, table => table is "orleans_membership" or "orleans_membership_version" or "orleans_storage" or "orleans_reminders");
        Assert.Contains("orleans_grain_state", tables);
        Assert.Equal("Ada", (await database.QueryAsync("SELECT display_name FROM users WHERE id = 'u1'")).Single()[0]);
    }

    [Fact]
    public async Task A_sqlite_database_of_our_former_runtime_loses_its_runtime_tables()
    {
        var database = await databases.CreateEmptyAsync(Databases.Sqlite);
        await database.ExecuteAsync("""
            CREATE TABLE vibe_schema_version (script_number INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT '');
            CREATE TABLE orleans_storage (service_id TEXT, payload BLOB);
            CREATE TABLE orleans_reminders (service_id TEXT);
            INSERT INTO vibe_schema_version (script_number, description) VALUES (1, 'grain storage'), (2, 'reminders');
            """);

        var log = new LogCapture();
        await VibeSchema.EnsureAsync(database.Settings, log.CreateLogger(nameof(VibeSchema)), CancellationToken.None);

        Assert.StartsWith("Applied database schema scripts 3 of vibe_schema_version to ", Assert.Single(log.Messages), StringComparison.Ordinal);
        var tables = (await database.QueryAsync("SELECT name FROM sqlite_master WHERE type = 'table'")).Select(row => (string)row[0]!).ToList();
        Assert.DoesNotContain("orleans_storage", tables);
        Assert.DoesNotContain("orleans_reminders", tables);
        Assert.Contains("orleans_grain_reminders", tables);
    }

    [Fact]
    public async Task An_unsupported_invariant_is_refused_with_the_supported_ones_named()
    {
        var settings = new VibeStorageSettings("System.Data.SqlClient", "Server=db");

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => VibeSchema.EnsureAsync(settings, new LogCapture().CreateLogger(nameof(VibeSchema)), CancellationToken.None));

        Assert.Contains("'Npgsql'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("'Microsoft.Data.Sqlite'", refused.Message, StringComparison.Ordinal);
    }

    private static async Task<List<int>> RecordedScriptsAsync(TestDatabase database) =>
        [.. (await database.QueryAsync("SELECT script_number FROM vibe_schema_version ORDER BY script_number"))
            .Select(row => Convert.ToInt32(row[0], System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>
    /// Everything a schema run could change, as text: the definition of every table and index, the queries and the
    /// recorded scripts with when they were applied; on PostgreSQL also each row's transaction id (xmin), which changes
    /// when a statement rewrites a row even with the same values.
    /// </summary>
    private static async Task<string> SnapshotAsync(TestDatabase database)
    {
        string[] queries = database.IsPostgres
            ? [
                "SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2",
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1",
                "SELECT querykey, querytext, xmin::text FROM orleansquery ORDER BY 1",
                "SELECT script_number, description, applied_at::text, xmin::text FROM vibe_schema_version ORDER BY 1",
            ]
            : [
                "SELECT type, name, sql FROM sqlite_master ORDER BY 2",
                "SELECT QueryKey, QueryText FROM OrleansQuery ORDER BY 1",
                "SELECT script_number, description, applied_at FROM vibe_schema_version ORDER BY 1",
            ];
        var lines = new List<string>();
        foreach (var query in queries)
        {
            lines.AddRange((await database.QueryAsync(query)).Select(row => string.Join(" | ", row)));
        }

        return string.Join('\n', lines);
    }
}
