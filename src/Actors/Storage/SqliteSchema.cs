using Microsoft.Data.Sqlite;

namespace Vibe.Actors.Storage;

/// <summary>The SQLite schema of the embedded default (sqlite.sql, embedded in this assembly) and how its providers open connections.</summary>
internal static class SqliteSchema
{
    /// <summary>The name of sqlite.sql inside the Vibe.Actors assembly.</summary>
    public const string ResourceName = "Vibe.Actors.sqlite.sql";

    /// <summary>How long a statement waits for another connection's write lock before failing with SQLITE_BUSY.</summary>
    private const int BusyTimeoutMilliseconds = 30_000;

    /// <summary>Creates the tables if needed and switches the file to WAL mode; safe to run any number of times.</summary>
    public static async Task EnsureCreatedAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = ReadScript();
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Opens a pooled connection that waits for, rather than fails on, a write lock held by another connection.</summary>
    public static async Task<SqliteConnection> OpenConnectionAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    internal static string ReadScript()
    {
        using var stream = typeof(SqliteSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from {typeof(SqliteSchema).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
