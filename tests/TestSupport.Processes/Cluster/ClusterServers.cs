using Xunit;

namespace Vibe.TestSupport;

/// <summary>
/// The private servers a collection's clusters share: one PostgreSQL (each test takes a fresh database for grain state and,
/// with PostgreSQL membership, the membership table) and one Redis (each cluster has its own id, so its own membership hash).
/// </summary>
public sealed class ClusterServers : IAsyncLifetime
{
    private PostgresServer? _postgres;
    private RedisServer? _redis;

    public PostgresServer Postgres => _postgres ?? throw new InvalidOperationException("The PostgreSQL server has not started.");

    public RedisServer Redis => _redis ?? throw new InvalidOperationException("The Redis server has not started.");

    public async Task InitializeAsync()
    {
        var postgres = PostgresServer.StartAsync();
        var redis = RedisServer.StartAsync();
        _postgres = await postgres;
        _redis = await redis;
    }

    public async Task DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    /// <summary>
    /// The Vibe__Cluster__* settings of a cluster in a fresh database with its membership table in <paramref name="membership"/>
    /// ("Redis" or "PostgreSQL", as Vibe:Cluster:Membership takes it).
    /// </summary>
    public async Task<Dictionary<string, string>> NewClusterSettingsAsync(string membership)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Vibe__Cluster__ConnectionString"] = await Postgres.CreateDatabaseAsync(),
            ["Vibe__Cluster__Membership"] = membership,
        };
        if (membership == "Redis")
        {
            settings["Vibe__Cluster__Redis"] = Redis.ConnectionString;
        }

        return settings;
    }
}
