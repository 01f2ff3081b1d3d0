using System.Collections.Concurrent;
using Npgsql;
using Vibe.TestSupport;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Vibe.Actors.Tests;

/// <summary>
/// Starts one real PostgreSQL server for the tests of <see cref="PostgresCollection"/> (see <see cref="PostgresServer"/>)
/// and gives each test class its own database.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private readonly IMessageSink _diagnostics;
    private readonly ConcurrentDictionary<string, Lazy<Task<NpgsqlDataSource>>> _databases = new();
    private PostgresServer? _server;

    public PostgresFixture(IMessageSink diagnostics)
    {
        _diagnostics = diagnostics;
    }

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The PostgreSQL fixture has not started.");

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.StartAsync();
        _diagnostics.OnMessage(new DiagnosticMessage(
            "PostgreSQL ready in {0:F0} ms ({1})",
            _server.StartupTime.TotalMilliseconds,
            _server.DataDirectory ?? PostgresServer.ConnectionStringVariable));
    }

    /// <summary>A data source over the database of one test class, created on first use and shared by its tests.</summary>
    public Task<NpgsqlDataSource> GetDatabaseAsync(string testClass) =>
        _databases.GetOrAdd(testClass, _ => new Lazy<Task<NpgsqlDataSource>>(CreateDataSourceAsync)).Value;

    public async Task DisposeAsync()
    {
        foreach (var database in _databases.Values)
        {
            if (database.IsValueCreated && database.Value.IsCompletedSuccessfully)
            {
                await database.Value.Result.DisposeAsync();
            }
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task<NpgsqlDataSource> CreateDataSourceAsync() => NpgsqlDataSource.Create(await Server.CreateDatabaseAsync());
}
