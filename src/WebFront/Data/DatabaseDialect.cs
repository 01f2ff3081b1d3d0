namespace Vibe.WebFront.Data;

/// <summary>Which database <see cref="VibeDatabase"/> talks to; the SQL the app writes runs on both.</summary>
public enum DatabaseDialect
{
    /// <summary>SQLite: vibe.db in the data directory (the embedded default).</summary>
    Sqlite,

    /// <summary>PostgreSQL: Vibe:Database:ConnectionString, or the cluster's database.</summary>
    PostgreSql,
}
