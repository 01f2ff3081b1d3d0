using Microsoft.Data.Sqlite;
using Vibe.Actors.Hosting;
using Vibe.Actors.Testing;
using Vibe.Actors.Tests.Grains;

namespace Vibe.Actors.Tests.Runtime;

/// <summary>The persistence guarantees every durable storage provider gives grains.</summary>
public abstract class PersistenceTests : IAsyncLifetime
{
    private readonly List<TestSiloHost> _silos = [];

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
    }

    protected abstract void AddStorage(SiloBuilder silo);

    private async Task<TestSiloHost> StartSiloAsync()
    {
        var silo = await TestSiloHost.StartAsync(AddStorage);
        _silos.Add(silo);
        return silo;
    }

    [Fact]
    public async Task State_survives_deactivation()
    {
        var silo = await StartSiloAsync();
        var profile = silo.GrainFactory.GetGrain<IProfileGrain>("deactivated");
        await profile.SetName("Ada");
        var first = await profile.GetActivationId();

        await profile.Deactivate();
        await Eventually.Until(async () => await profile.GetActivationId() != first, "a new activation");

        Assert.Equal("Ada", await profile.GetName());
        Assert.NotNull(await profile.GetEtag());
    }

    [Fact]
    public async Task State_survives_a_silo_restart()
    {
        var first = await StartSiloAsync();
        await first.GrainFactory.GetGrain<IProfileGrain>("restarted").SetName("Grace");
        await first.StopAsync();

        var second = await StartSiloAsync();

        Assert.Equal("Grace", await second.GrainFactory.GetGrain<IProfileGrain>("restarted").GetName());
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_throws_and_the_activation_is_deactivated()
    {
        // Two silos over the same storage both activate the grain: a duplicate activation, as during a membership change.
        var one = await StartSiloAsync();
        var two = await StartSiloAsync();
        var inOne = one.GrainFactory.GetGrain<IProfileGrain>("contended");
        var inTwo = two.GrainFactory.GetGrain<IProfileGrain>("contended");
        await inOne.GetName();
        var staleActivation = await inTwo.GetActivationId();

        await inOne.SetName("first");
        await Assert.ThrowsAsync<InconsistentStateException>(() => inTwo.SetName("second"));

        await Eventually.Until(async () => await inTwo.GetActivationId() != staleActivation, "the conflicting activation to be deactivated");
        Assert.Equal("first", await inTwo.GetName()); // the new activation reads the winner's state
        await inTwo.SetName("third"); // and can write again
        await one.StopAsync();
        var three = await StartSiloAsync();
        Assert.Equal("third", await three.GrainFactory.GetGrain<IProfileGrain>("contended").GetName());
    }

    [Fact]
    public async Task Clearing_state_removes_it_from_storage()
    {
        var silo = await StartSiloAsync();
        var profile = silo.GrainFactory.GetGrain<IProfileGrain>("cleared");
        await profile.SetName("Linus");

        await profile.Clear();
        await silo.StopAsync();
        var restarted = await StartSiloAsync();

        Assert.Equal("", await restarted.GrainFactory.GetGrain<IProfileGrain>("cleared").GetName());
    }
}

public sealed class SqlitePersistenceTests : PersistenceTests
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"vibe-persistence-{Guid.NewGuid():N}.db");

    protected override void AddStorage(SiloBuilder silo) => silo.AddSqliteGrainStorage($"Data Source={_file}");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresPersistenceTests(PostgresFixture postgres) : PersistenceTests
{
    private string _connectionString = "";

    public override async Task InitializeAsync() => _connectionString = await postgres.Server.CreateDatabaseAsync();

    protected override void AddStorage(SiloBuilder silo) => silo.AddPostgresGrainStorage(_connectionString);
}
