using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using Vibe.Hosting.Storage;

namespace Vibe.WebFront.Data;

/// <summary>
/// The app's relational database: PostgreSQL when Vibe:Database:ConnectionString is set (or this process is a cluster
/// member), else SQLite (vibe.db in the data directory). Query it with Dapper on a connection from <see cref="OpenAsync"/>;
/// the SQL must run on both: TEXT ids (a <see cref="Guid"/> parameter is written as lowercase text), BIGINT timestamps in
/// Unix milliseconds (<see cref="UnixTime"/>), 0/1 or boolean flags read as <see cref="bool"/>, ON CONFLICT and
/// RETURNING. Columns map to properties by name with underscores ignored (display_name to DisplayName); map rows to
/// classes with setters rather than records, since SQLite returns every integer as a long. The schema is Data/Schema/postgres.sql or sqlite.sql, applied at startup (Orleans' own tables are Vibe.Hosting's).
/// </summary>
public sealed class VibeDatabase : IAsyncDisposable
{
    private const string PostgresSchemaResource = "Vibe.WebFront.Data.Schema.postgres.sql";
    private const string SqliteSchemaResource = "Vibe.WebFront.Data.Schema.sqlite.sql";
    private const string SchemaVersionTable = "vibe_app_schema_version";

    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _postgresConnectionString;
    private readonly string? _sqlite;

    static VibeDatabase()
    {
        SqlMapper.RemoveTypeMap(typeof(Guid));
        SqlMapper.RemoveTypeMap(typeof(Guid?));
        SqlMapper.AddTypeHandler(new GuidTextHandler());
        DefaultTypeMap.MatchNamesWithUnderscores = true; // display_name fills DisplayName
    }

    private VibeDatabase(NpgsqlDataSource? postgres, string? postgresConnectionString, string? sqlite, string description)
    {
        _postgres = postgres;
        _postgresConnectionString = postgresConnectionString;
        _sqlite = sqlite;
        Dialect = postgres is null ? DatabaseDialect.Sqlite : DatabaseDialect.PostgreSql;
        Description = description;
    }

    /// <summary>Which database this is.</summary>
    public DatabaseDialect Dialect { get; }

    /// <summary>The database for logs and messages: host:port/name or the SQLite file (never a password).</summary>
    public string Description { get; }

    /// <summary>A PostgreSQL database.</summary>
    /// <exception cref="ArgumentException">The connection string cannot be parsed.</exception>
    public static VibeDatabase ForPostgres(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return new VibeDatabase(NpgsqlDataSource.Create(builder), connectionString, null, $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}");
    }

    /// <summary>The SQLite database in <paramref name="file"/>.</summary>
    public static VibeDatabase ForSqlite(string file)
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = file,
            ForeignKeys = true,
            DefaultTimeout = 30, // seconds a statement waits for the file's write lock (held briefly by the grain storage too)
        }.ConnectionString;
        return new VibeDatabase(null, null, connectionString, $"SQLite {file}");
    }

    /// <summary>An open connection; dispose it when done (it returns to the pool).</summary>
    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }

        var connection = new SqliteConnection(_sqlite);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates the app tables that are missing (idempotent; concurrent starts are serialized).</summary>
    public async Task EnsureSchemaAsync(ILogger logger, CancellationToken cancellationToken)
    {
        var (settings, resource) = _postgresConnectionString is not null
            ? (new VibeStorageSettings(VibeStorageSettings.Npgsql, _postgresConnectionString), PostgresSchemaResource)
            : (new VibeStorageSettings(VibeStorageSettings.Sqlite, _sqlite!), SqliteSchemaResource);

        string script;
        await using (var stream = typeof(VibeDatabase).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource {resource} is missing."))
        using (var reader = new StreamReader(stream))
        {
            script = await reader.ReadToEndAsync(cancellationToken);
        }

        await VibeSchema.ApplyAsync(settings, script, SchemaVersionTable, logger, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
