using Microsoft.Extensions.Logging.Abstractions;
using Vibe.Hosting.Storage;

namespace Vibe.Grains.Tests.Fixtures;

/// <summary>
/// A real PostgreSQL server for the tests whose grain state must outlive a silo (crash recovery, restarts, durability), started
/// on first use and shared by the "workspaces" collection. Each test takes a fresh database with Vibe's schema applied.
/// </summary>
public sealed class StorageFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _starting = new(1, 1);
    private PostgresServer? _postgres;

    public async Task<VibeStorageSettings> NewDatabaseAsync()
    {
        var postgres = await ServerAsync();
        var connectionString = await postgres.CreateDatabaseAsync();
        var settings = new VibeStorageSettings(VibeStorageSettings.Npgsql, connectionString);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await VibeSchema.EnsureAsync(settings, NullLogger.Instance, timeout.Token);
        return settings;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        _starting.Dispose();
    }

    private async Task<PostgresServer> ServerAsync()
    {
        await _starting.WaitAsync();
        try
        {
            return _postgres ??= await PostgresServer.StartAsync();
        }
        finally
        {
            _starting.Release();
        }
    }
}
