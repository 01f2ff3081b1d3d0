using Microsoft.Data.Sqlite;
using Npgsql;
using Vibe.Hosting.Storage;
using Vibe.TestSupport;

namespace Vibe.Hosting.Tests.Fixtures;

/// <summary>
/// Fresh databases of both kinds for the tests of <see cref="DatabaseCollection"/>: one private PostgreSQL server for the
/// run, and SQLite files in a private directory, all removed at the end.
/// </summary>
public sealed class Databases : IAsyncLifetime
{
    /// <summary>The kinds a theory runs on.</summary>
    public const string PostgreSql = "PostgreSQL";

    /// <inheritdoc cref="PostgreSql"/>
    public const string Sqlite = "SQLite";

    private readonly string _sqliteDirectory = Path.Combine(Path.GetTempPath(), "vibe-hosting-tests-" + Guid.NewGuid().ToString("N")[..12]);
    private PostgresServer? _postgres;

    /// <summary>Both kinds, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> Kinds => [PostgreSql, Sqlite];

    /// <summary>The PostgreSQL server.</summary>
    public PostgresServer Postgres => _postgres ?? throw new InvalidOperationException("The PostgreSQL server has not started.");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_sqliteDirectory);
        _postgres = await PostgresServer.StartAsync();
    }

    /// <summary>An empty database of <paramref name="kind"/>, without schema.</summary>
    public async Task<TestDatabase> CreateEmptyAsync(string kind)
    {
        if (kind == PostgreSql)
        {
            return new TestDatabase(new VibeStorageSettings(VibeStorageSettings.Npgsql, await Postgres.CreateDatabaseAsync()));
        }

        var file = Path.Combine(_sqliteDirectory, Guid.NewGuid().ToString("N")[..12] + ".db");
        return new TestDatabase(new VibeStorageSettings(VibeStorageSettings.Sqlite, new SqliteConnectionStringBuilder { DataSource = file }.ConnectionString));
    }

    /// <summary>A database of <paramref name="kind"/> with the schema applied.</summary>
    public async Task<TestDatabase> CreateAsync(string kind)
    {
        var database = await CreateEmptyAsync(kind);
        await VibeSchema.EnsureAsync(database.Settings, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, CancellationToken.None);
        return database;
    }

    public async Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        Directory.Delete(_sqliteDirectory, recursive: true);
    }
}
