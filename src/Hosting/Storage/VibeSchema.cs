using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Vibe.Hosting.Storage;

/// <summary>
/// Creates what is missing of a schema at startup. <see cref="EnsureAsync"/> applies Orleans' schema: on PostgreSQL
/// orleans.sql (membership, grain state and reminder tables and queries), on SQLite Storage/orleans-sqlite.sql (grain
/// state and reminders), both recorded in vibe_schema_version. <see cref="ApplyAsync"/> applies any other schema file the
/// same way; the web front applies its own tables with it (Data/Schema/postgres.sql and sqlite.sql, recorded in
/// vibe_app_schema_version). A schema file is a list of numbered, idempotent scripts that record themselves in its
/// version table.
/// </summary>
public static partial class VibeSchema
{
    private const string PostgresResource = "Vibe.Hosting.orleans.sql";
    private const string SqliteResource = "Vibe.Hosting.orleans-sqlite.sql";
    private const string OrleansVersionTable = "vibe_schema_version";

    /// <summary>The transaction-level advisory lock that serializes schema changes across processes ("VibeSQL"; the key our earlier runtime took too).</summary>
    private const long PostgresLockKey = 0x56696265_53514C;

    /// <summary>Applies the scripts of Orleans' schema that the database has not recorded yet (see <see cref="ApplyAsync"/>).</summary>
    /// <exception cref="ArgumentException">The invariant is not supported or the connection string cannot be parsed.</exception>
    /// <exception cref="DbException">The database cannot be reached or refused a statement.</exception>
    public static Task EnsureAsync(VibeStorageSettings settings, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _ = settings.OrleansInvariant; // rejects an unsupported invariant before connecting
        var script = ReadScript(settings.Invariant == VibeStorageSettings.Npgsql ? PostgresResource : SqliteResource);
        return ApplyAsync(settings, script, OrleansVersionTable, logger, ct);
    }

    /// <summary>
    /// Applies the scripts of <paramref name="script"/> that <paramref name="versionTable"/> does not record yet, in one
    /// transaction, and logs one line saying what it did. Processes starting together do not race: PostgreSQL
    /// serializes them with an advisory lock, SQLite with its single writer (an immediate transaction). When every script
    /// is recorded it runs nothing, so a second run changes nothing.
    /// </summary>
    /// <param name="settings">The database.</param>
    /// <param name="script">The schema file: scripts that each record themselves with INSERT INTO <paramref name="versionTable"/> (script_number, description) VALUES (N, ...).</param>
    /// <param name="versionTable">The table the scripts record themselves in (lowercase letters and underscores).</param>
    /// <param name="logger">Where the one line goes.</param>
    /// <param name="ct">Stops waiting for the database.</param>
    /// <exception cref="ArgumentException">The invariant is not supported, the connection string cannot be parsed or the table name is not a plain name.</exception>
    /// <exception cref="DbException">The database cannot be reached or refused a statement.</exception>
    public static async Task ApplyAsync(VibeStorageSettings settings, string script, string versionTable, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(logger);
        if (!PlainName().IsMatch(versionTable))
        {
            throw new ArgumentException($"The version table '{versionTable}' is not a plain name (lowercase letters and underscores).", nameof(versionTable));
        }

        _ = settings.OrleansInvariant; // rejects an unsupported invariant before connecting

        var postgres = settings.Invariant == VibeStorageSettings.Npgsql;
        var scripts = ScriptNumbers(script, versionTable);
        var recorded = postgres
            ? await ApplyToPostgresAsync(settings.ConnectionString, script, scripts, versionTable, ct)
            : await ApplyToSqliteAsync(settings.ConnectionString, script, scripts, versionTable, ct);

        var applied = scripts.Where(number => !recorded.Contains(number)).ToArray();
        if (applied.Length == 0)
        {
            LogUpToDate(logger, settings.Description, Join(scripts), versionTable);
        }
        else
        {
            LogApplied(logger, Join(applied), versionTable, settings.Description);
        }
    }

    /// <summary>The numbers of the scripts in a schema file: each records itself with INSERT INTO <paramref name="versionTable"/> ... VALUES (N, ...).</summary>
    internal static IReadOnlyList<int> ScriptNumbers(string script, string versionTable) =>
        [.. ScriptRecord().Matches(script)
            .Where(match => string.Equals(match.Groups[1].Value, versionTable, StringComparison.OrdinalIgnoreCase))
            .Select(match => int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)).Distinct().Order()];

    /// <summary>The text of an embedded schema file.</summary>
    internal static string ReadScript(string resource)
    {
        using var stream = typeof(VibeSchema).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource {resource} is missing from Vibe.Hosting.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Runs the script on PostgreSQL unless every script is recorded; returns the scripts recorded before.</summary>
    private static async Task<HashSet<int>> ApplyToPostgresAsync(string connectionString, string script, IReadOnlyList<int> scripts, string versionTable, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var takeLock = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            takeLock.Parameters.Add(new NpgsqlParameter<long>("key", PostgresLockKey));
            await takeLock.ExecuteNonQueryAsync(ct);
        }

        var recorded = await ReadRecordedAsync(connection, transaction, $"SELECT to_regclass('{versionTable}') IS NOT NULL", versionTable, ct);
        if (!scripts.All(recorded.Contains))
        {
            await using var apply = new NpgsqlCommand(script, connection, transaction);
            await apply.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return recorded;
    }

    /// <summary>Runs the script on SQLite unless every script is recorded; returns the scripts recorded before.</summary>
    private static async Task<HashSet<int>> ApplyToSqliteAsync(string connectionString, string script, IReadOnlyList<int> scripts, string versionTable, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);

        // Readers never block the writer nor the writer readers; the mode is kept in the file, and cannot be changed inside a transaction.
        await using (var wal = new SqliteCommand("PRAGMA journal_mode = WAL", connection))
        {
            await wal.ExecuteNonQueryAsync(ct);
        }

        // BEGIN IMMEDIATE takes the database's one write lock now, so a second process waits here instead of failing later.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var recorded = await ReadRecordedAsync(connection, transaction,
            $"SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '{versionTable}')", versionTable, ct);
        if (!scripts.All(recorded.Contains))
        {
            await using var apply = new SqliteCommand(script, connection, transaction);
            await apply.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return recorded;
    }

    /// <summary>The script numbers in <paramref name="versionTable"/>; none when <paramref name="tableExists"/> (a query of one boolean) says the table is missing.</summary>
    private static async Task<HashSet<int>> ReadRecordedAsync(DbConnection connection, DbTransaction transaction, string tableExists, string versionTable, CancellationToken ct)
    {
        await using var exists = connection.CreateCommand();
        exists.Transaction = transaction;
        exists.CommandText = tableExists;
        if (!Convert.ToBoolean(await exists.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture))
        {
            return [];
        }

        await using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = $"SELECT script_number FROM {versionTable}";
        var recorded = new HashSet<int>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            recorded.Add(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture));
        }

        return recorded;
    }

    private static string Join(IEnumerable<int> numbers) => string.Join(", ", numbers);

    [GeneratedRegex(@"INSERT\s+(?:OR\s+IGNORE\s+)?INTO\s+(\w+)\s*\(\s*script_number\s*,\s*description\s*\)\s*VALUES\s*\(\s*(\d+)\s*,", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptRecord();

    [GeneratedRegex("^[a-z_]+$")]
    private static partial Regex PlainName();

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Database schema up to date: {Database} has scripts {Scripts} of {VersionTable}")]
    private static partial void LogUpToDate(ILogger logger, string database, string scripts, string versionTable);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Applied database schema scripts {Scripts} of {VersionTable} to {Database}")]
    private static partial void LogApplied(ILogger logger, string scripts, string versionTable, string database);
}
