using Npgsql;

namespace Vibe.WebFront.Data;

/// <summary>The PostgreSQL schema: orleans.sql at the repository root, embedded in this assembly (until the storage setup in Vibe.Hosting applies it).</summary>
internal static class PostgresSchema
{
    /// <summary>The name of orleans.sql inside this assembly.</summary>
    public const string ResourceName = "Vibe.WebFront.orleans.sql";

    /// <summary>The advisory lock that serializes schema scripts across silos starting at once ("VibeSQL").</summary>
    private const long SchemaLockKey = 0x56696265_53514C;

    /// <summary>
    /// Runs orleans.sql in one transaction, holding a transaction-level advisory lock so that silos starting
    /// together apply it one after another. The script is idempotent: running it again changes nothing.
    /// </summary>
    public static async Task EnsureCreatedAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var script = ReadScript();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var takeLock = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            takeLock.Parameters.Add(new NpgsqlParameter<long>("key", SchemaLockKey));
            await takeLock.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var apply = new NpgsqlCommand(script, connection, transaction))
        {
            await apply.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The text of orleans.sql.</summary>
    public static string ReadScript()
    {
        using var stream = typeof(PostgresSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from {typeof(PostgresSchema).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
