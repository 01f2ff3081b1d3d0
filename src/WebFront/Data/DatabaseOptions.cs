namespace Vibe.WebFront.Data;

/// <summary>The "Vibe:Database" configuration section: where the app tables (accounts, teams, workspaces, audit) live.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Vibe:Database";

    /// <summary>
    /// A PostgreSQL database (Npgsql connection string). Default: the cluster's database (Vibe:Cluster:ConnectionString)
    /// when this process is a cluster member, else SQLite (vibe.db in the data directory).
    /// </summary>
    public string? ConnectionString { get; set; }
}
