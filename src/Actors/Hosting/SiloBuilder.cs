using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Vibe.Actors.Cluster;
using Vibe.Actors.Reminders;
using Vibe.Actors.Runtime;
using Vibe.Actors.Storage;
using Vibe.Actors.Streams;

namespace Vibe.Actors.Hosting;

/// <summary>Configures a silo: its grains, storage providers, reminder table, stream providers and options.</summary>
public sealed class SiloBuilder
{
    private readonly List<Assembly> _grainAssemblies;

    internal SiloBuilder(IServiceCollection services, List<Assembly> grainAssemblies)
    {
        Services = services;
        _grainAssemblies = grainAssemblies;
    }

    public IServiceCollection Services { get; }

    /// <summary>Loads the grains of <paramref name="assembly"/>. Grain assemblies already loaded in the process are found without this.</summary>
    public SiloBuilder AddGrains(Assembly assembly)
    {
        _grainAssemblies.Add(assembly);
        return this;
    }

    public SiloBuilder Configure<TOptions>(Action<TOptions> configure)
        where TOptions : class
    {
        Services.Configure(configure);
        return this;
    }

    /// <summary>Grain state in process memory: lost when the process ends. For tests.</summary>
    public SiloBuilder AddMemoryGrainStorage(string name = ProviderNames.DefaultStorage)
    {
        Services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new MemoryGrainStorage(sp.GetRequiredService<IGrainStateSerializer>()));
        return this;
    }

    /// <summary>Grain state in a SQLite file: the embedded default.</summary>
    public SiloBuilder AddSqliteGrainStorage(string connectionString, string name = ProviderNames.DefaultStorage)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        AddStartupStorage(name, sp => new SqliteGrainStorage(connectionString, ServiceId(sp), sp.GetRequiredService<IGrainStateSerializer>()));
        return this;
    }

    /// <summary>Grain state in PostgreSQL (schema: orleans.sql, created if missing).</summary>
    public SiloBuilder AddPostgresGrainStorage(string connectionString, string name = ProviderNames.DefaultStorage)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        AddPostgresDataSource(connectionString);
        AddStartupStorage(name, sp => new PostgresGrainStorage(DataSource(sp, connectionString), ServiceId(sp), sp.GetRequiredService<IGrainStateSerializer>()));
        return this;
    }

    /// <summary>Uses <paramref name="storage"/> under <paramref name="name"/>: for example one in-memory store shared by the silos of a test cluster.</summary>
    public SiloBuilder AddGrainStorage(IGrainStorage storage, string name = ProviderNames.DefaultStorage)
    {
        Services.AddKeyedSingleton(name, storage);
        return this;
    }

    /// <summary>Uses <paramref name="table"/> for reminders: for example one in-memory table shared by the silos of a test cluster.</summary>
    public SiloBuilder UseReminderTable(IReminderTable table)
    {
        ReplaceReminderTable(_ => table);
        return this;
    }

    /// <summary>Reminders in process memory (the default): lost when the process ends.</summary>
    public SiloBuilder UseMemoryReminders()
    {
        ReplaceReminderTable(_ => new MemoryReminderTable());
        return this;
    }

    public SiloBuilder UseSqliteReminders(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ReplaceReminderTable(sp => new SqliteReminderTable(connectionString, ServiceId(sp)));
        return this;
    }

    public SiloBuilder UsePostgresReminders(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        AddPostgresDataSource(connectionString);
        ReplaceReminderTable(sp => new PostgresReminderTable(DataSource(sp, connectionString), ServiceId(sp)));
        return this;
    }

    /// <summary>A stream provider that carries events through the cluster to the current subscribers.</summary>
    public SiloBuilder AddInClusterStreams(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Services.AddKeyedSingleton<IStreamProvider>(name, (sp, _) => new InClusterStreamProvider(name, sp.GetRequiredService<SiloRuntime>()));
        Services.TryAddKeyedSingleton<IGrainStorage>(StreamProviderNames.PubSubStore, (sp, _) =>
            sp.GetKeyedService<IGrainStorage>(ProviderNames.DefaultStorage) ?? new MemoryGrainStorage(sp.GetRequiredService<IGrainStateSerializer>()));
        return this;
    }

    /// <summary>
    /// Makes this silo a member of a cluster: it listens for other silos, joins the membership table (in memory
    /// unless UsePostgresMembership or UseInMemoryMembership says otherwise) and places grains across the cluster.
    /// </summary>
    public SiloBuilder UseCluster(Action<ClusterOptions>? configure = null)
    {
        Services.AddOptions<ClusterOptions>().Validate(o => !string.IsNullOrWhiteSpace(o.ClusterId), "ClusterOptions.ClusterId must not be empty.");
        Services.AddOptions<ClusterMembershipOptions>().Validate(
            o => o.ProbePeriod > TimeSpan.Zero && o.ProbeTimeout > TimeSpan.Zero && o.NumMissedProbesLimit > 0 && o.NumVotesForDeathDeclaration > 0,
            "ClusterMembershipOptions: periods and timeouts must be positive, limits at least 1.");
        Services.AddOptions<ConnectionOptions>();
        if (configure is not null)
        {
            Services.Configure(configure);
        }

        Services.TryAddSingleton<IMembershipTable>(sp => new InMemoryMembershipTable(sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId));
        Services.TryAddSingleton(sp => new Messaging.SiloConnectionManager(
            sp.GetRequiredService<IOptions<ConnectionOptions>>().Value,
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Messaging.SiloConnectionManager>>()));
        Services.TryAddSingleton<ClusterMembershipService>();
        Services.TryAddSingleton(new ClusterMarker());
        AddPlacementDirector<Placement.RandomPlacement, Placement.RandomPlacementDirector>();
        AddPlacementDirector<Placement.PreferLocalPlacement, Placement.PreferLocalPlacementDirector>();
        AddPlacementDirector<Placement.HashBasedPlacement, Placement.HashBasedPlacementDirector>();
        AddPlacementDirector<Placement.ActivationCountBasedPlacement, Placement.ActivationCountPlacementDirector>();
        AddPlacementDirector<Placement.SiloRoleBasedPlacement, Placement.RandomPlacementDirector>();
        return this;
    }

    /// <summary>Membership in a table object shared by the silos of one process (TestCluster).</summary>
    public SiloBuilder UseInMemoryMembership(InMemoryMembershipTable table)
    {
        Services.RemoveAll<IMembershipTable>();
        Services.AddSingleton<IMembershipTable>(table);
        return this;
    }

    /// <summary>Membership in PostgreSQL (orleans.sql), for silos in several processes or machines.</summary>
    public SiloBuilder UsePostgresMembership(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        AddPostgresDataSource(connectionString);
        Services.RemoveAll<IMembershipTable>();
        Services.AddSingleton<IMembershipTable>(sp => new PostgresMembershipTable(DataSource(sp, connectionString), sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId));
        return this;
    }

    /// <summary>Registers the director that places grains whose class carries a <see cref="Placement.PlacementAttribute"/> with <typeparamref name="TStrategy"/>.</summary>
    public SiloBuilder AddPlacementDirector<TStrategy, TDirector>()
        where TStrategy : Placement.PlacementStrategy
        where TDirector : class, Placement.IPlacementDirector
    {
        Services.AddKeyedSingleton<Placement.IPlacementDirector, TDirector>(typeof(TStrategy));
        return this;
    }

    private void AddStartupStorage<TStorage>(string name, Func<IServiceProvider, TStorage> create)
        where TStorage : class, IGrainStorage, ISiloStartupTask
    {
        var key = $"storage:{name}";
        Services.AddKeyedSingleton<TStorage>(key, (sp, _) => create(sp));
        Services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => sp.GetRequiredKeyedService<TStorage>(key));
        Services.AddSingleton<ISiloStartupTask>(sp => sp.GetRequiredKeyedService<TStorage>(key));
    }

    private void ReplaceReminderTable(Func<IServiceProvider, IReminderTable> create)
    {
        Services.RemoveAll<IReminderTable>();
        Services.AddSingleton(create);
    }

    private void AddPostgresDataSource(string connectionString) =>
        Services.TryAddKeyedSingleton(connectionString, (_, _) => NpgsqlDataSource.Create(connectionString));

    private static NpgsqlDataSource DataSource(IServiceProvider sp, string connectionString) =>
        sp.GetRequiredKeyedService<NpgsqlDataSource>(connectionString);

    private static string ServiceId(IServiceProvider sp) => sp.GetRequiredService<IOptions<SiloOptions>>().Value.ServiceId;
}
