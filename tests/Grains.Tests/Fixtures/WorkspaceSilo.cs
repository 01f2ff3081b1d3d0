using Docker.DotNet;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.TestingHost;
using Vibe.Docker;
using Vibe.Docker.Runtime;
using Vibe.Hosting.Storage;

namespace Vibe.Grains.Tests.Fixtures;

/// <summary>
/// An Orleans in-process test cluster hosting workspaces on the real daemon, with its own service id (so its event monitor and
/// sweeper see only its containers), its own workspace root under /tmp, and timings short enough for tests. Tests call grains
/// through the cluster client, as the web front does. Grain state lives in memory, or with <c>storage</c> in a real database
/// through Vibe's ADO.NET storage (so a later cluster of the same service finds it). Disposing it stops the cluster and
/// removes its containers and directory.
/// </summary>
public sealed class WorkspaceSilo : IAsyncDisposable
{
    private static int s_count;

    private WorkspaceSilo(InProcessTestCluster cluster, string serviceId, string root)
    {
        Cluster = cluster;
        ServiceId = serviceId;
        Root = root;

        // The test's own engine client and runtime (with the silos' options), so they outlive a stopped or killed silo.
        Docker = DockerEngine.Connect();
        Runtime = new DockerContainerRuntime(Docker, Services.GetRequiredService<IOptions<ContainerRuntimeOptions>>().Value);
    }

    public InProcessTestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The services of the first silo still running.</summary>
    public IServiceProvider Services => Cluster.Silos.First(s => s.IsActive).ServiceProvider;

    public string ServiceId { get; }

    /// <summary>The directory holding the workspaces' directories.</summary>
    public string Root { get; }

    /// <summary>A client of the engine the silos use.</summary>
    public IDockerClient Docker { get; }

    /// <summary>The container runtime as the silos configure it (labels, names, network), for looking at or making containers.</summary>
    public IContainerRuntime Runtime { get; }

    public WorkspaceOrphanSweeper Sweeper => Services.GetRequiredService<WorkspaceOrphanSweeper>();

    /// <summary>A new service id and root; pass them to <see cref="StartAsync"/> to start several clusters of one service.</summary>
    public static (string ServiceId, string Root) NewService()
    {
        var n = Interlocked.Increment(ref s_count);
        var serviceId = $"vt-{TestRun.Id}-{n}";
        var root = Path.Combine(Path.GetTempPath(), "vibe-grains-tests", serviceId, "workspaces");
        return (serviceId, root);
    }

    /// <summary>Removes the workspace directories of this run that a failed test left behind.</summary>
    public static void RemoveRunDirectories()
    {
        var parent = Path.Combine(Path.GetTempPath(), "vibe-grains-tests");
        if (!Directory.Exists(parent))
        {
            return;
        }

        foreach (var directory in Directory.EnumerateDirectories(parent, $"vt-{TestRun.Id}-*"))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <param name="configure">Adjusts the workspace options after the test defaults.</param>
    /// <param name="configureServices">Adds services before the workspaces' own (an <see cref="IContainerRuntime"/> registered here replaces the real one).</param>
    /// <param name="service">The service id and root; a new pair when null.</param>
    /// <param name="storage">Grain state and reminders in this database (schema applied); in memory when null.</param>
    /// <param name="silos">How many silos the cluster starts with.</param>
    /// <param name="configureClient">Adjusts the cluster client (timeouts).</param>
    /// <param name="configureSilo">Adjusts each silo after everything else (a grain storage registered here replaces the default one).</param>
    public static async Task<WorkspaceSilo> StartAsync(
        Action<WorkspaceOptions>? configure = null,
        Action<IServiceCollection>? configureServices = null,
        (string ServiceId, string Root)? service = null,
        VibeStorageSettings? storage = null,
        short silos = 1,
        Action<IClientBuilder>? configureClient = null,
        Action<ISiloBuilder>? configureSilo = null)
    {
        var (serviceId, root) = service ?? NewService();
        Directory.CreateDirectory(root);
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ServiceId = serviceId;
        builder.Options.ClusterId = $"{serviceId}-{Guid.NewGuid().ToString("N")[..6]}";
        builder.ConfigureSilo((_, silo) =>
        {
            configureServices?.Invoke(silo.Services);
            if (storage is null)
            {
                silo.UseVibeGrainStateJson();
                silo.AddMemoryGrainStorageAsDefault();
                silo.AddMemoryGrainStorage(ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME);
                silo.UseInMemoryReminderService();
            }
            else
            {
                silo.AddVibeStorage(storage);
            }

            silo.AddMemoryStreams(WorkspaceStreams.Provider, streams =>
                streams.ConfigurePullingAgent(agent => agent.Configure(o => o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(10))));
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromMilliseconds(100));
            silo.Configure<ContainerRuntimeOptions>(o =>
            {
                o.ExtraLabels[TestRun.Label] = TestRun.Id;
                o.TmpfsSizeBytes = 16L * 1024 * 1024;
            });
            silo.AddWorkspaces(o =>
            {
                o.Root = root;
                o.StopTimeout = TimeSpan.FromSeconds(2);
                o.OrphanSweepPeriod = null;
                o.DefaultLimits = new WorkspaceLimits(NanoCpus: 500_000_000, MemoryBytes: 128L * 1024 * 1024, PidsLimit: 128);
                configure?.Invoke(o);
            });
            configureSilo?.Invoke(silo);
        });
        builder.ConfigureClient(client =>
        {
            client.AddMemoryStreams(WorkspaceStreams.Provider);
            configureClient?.Invoke(client);
        });
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return new WorkspaceSilo(cluster, serviceId, root);
    }

    public IWorkspaceGrain Workspace(string id) => Grains.GetGrain<IWorkspaceGrain>(id);

    public static WorkspaceSpec Spec(string owner = "alice", WorkspaceLimits? limits = null, WorkspaceNetworkPolicy network = WorkspaceNetworkPolicy.None) =>
        new(owner, "test workspace", "blank", limits, network);

    /// <summary>Creates a workspace with a new id and returns its grain.</summary>
    public async Task<IWorkspaceGrain> CreateAsync(WorkspaceSpec? spec = null, string? id = null)
    {
        var workspace = Workspace(id ?? TestRun.NewWorkspaceId());
        await workspace.Create(spec ?? Spec());
        return workspace;
    }

    /// <summary>Creates and starts a workspace.</summary>
    public async Task<IWorkspaceGrain> StartWorkspaceAsync(WorkspaceSpec? spec = null)
    {
        var workspace = await CreateAsync(spec);
        await workspace.Start();
        return workspace;
    }

    /// <summary>Stops every silo gracefully (grains deactivate, as on a shutdown), keeping the containers and the directory.</summary>
    public Task StopAsync() => Cluster.StopAllSilosAsync();

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await DockerFixture.RemoveRunResourcesAsync(Docker, ServiceId);
        Docker.Dispose();
        var serviceDirectory = Path.GetDirectoryName(Root)!;
        if (Directory.Exists(serviceDirectory))
        {
            Directory.Delete(serviceDirectory, recursive: true);
        }
    }
}
