using Microsoft.Data.Sqlite;
using Npgsql;

namespace Vibe.Hosting.Storage;

/// <summary>
/// The database holding grain state and reminders (and, in a cluster, possibly membership): an ADO.NET invariant,
/// <see cref="Npgsql"/> or <see cref="Sqlite"/>, and its connection string.
/// </summary>
/// <param name="Invariant"><see cref="Npgsql"/> or <see cref="Sqlite"/>.</param>
/// <param name="ConnectionString">An Npgsql or Microsoft.Data.Sqlite connection string. It may hold a password: never log it (<see cref="ToString"/> leaves it out).</param>
public sealed record VibeStorageSettings(string Invariant, string ConnectionString)
{
    /// <summary>PostgreSQL through Npgsql: the cluster mode (schema: orleans.sql).</summary>
    public const string Npgsql = "Npgsql";

    /// <summary>SQLite through Microsoft.Data.Sqlite: the embedded default, one silo (schema: Storage/orleans-sqlite.sql).</summary>
    public const string Sqlite = "Microsoft.Data.Sqlite";

    /// <summary>
    /// The invariant Orleans' ADO.NET providers know the database by. Orleans 10.4.2 has no "Microsoft.Data.Sqlite" in its
    /// invariant tables (it does not use DbProviderFactories): its SQLite entry is named "System.Data.SQLite" and loads
    /// Microsoft.Data.Sqlite's SqliteFactory.
    /// </summary>
    /// <exception cref="ArgumentException"><see cref="Invariant"/> is neither <see cref="Npgsql"/> nor <see cref="Sqlite"/>.</exception>
    internal string OrleansInvariant => Invariant switch
    {
        Npgsql => "Npgsql",
        Sqlite => "System.Data.SQLite",
        _ => throw new ArgumentException($"The storage invariant '{Invariant}' is not supported: use '{Npgsql}' (PostgreSQL) or '{Sqlite}' (SQLite).", nameof(Invariant)),
    };

    /// <summary>The database for log lines and messages, without credentials: "PostgreSQL host:port/database" or "SQLite file".</summary>
    public string Description
    {
        get
        {
            try
            {
                if (Invariant == Npgsql)
                {
                    var postgres = new NpgsqlConnectionStringBuilder(ConnectionString);
                    return $"PostgreSQL {postgres.Host}:{postgres.Port}/{postgres.Database ?? postgres.Username}";
                }

                if (Invariant == Sqlite)
                {
                    return $"SQLite {new SqliteConnectionStringBuilder(ConnectionString).DataSource}";
                }

                return $"an unsupported database ({Invariant})";
            }
            catch (Exception exception) when (exception is ArgumentException or FormatException)
            {
                return $"{Invariant} with a connection string that cannot be parsed";
            }
        }
    }

    /// <summary>The invariant and <see cref="Description"/>; the connection string stays out so that no password reaches a log.</summary>
    public override string ToString() => Description;
}
