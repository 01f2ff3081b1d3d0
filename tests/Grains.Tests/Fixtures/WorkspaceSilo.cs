using Docker.DotNet;
using Microsoft.Extensions.DependencyInjection;
using Vibe.Actors;
using Vibe.Actors.Hosting;
using Vibe.Actors.Reminders;
using Vibe.Actors.Storage;
using Vibe.Actors.Testing;
using Vibe.Docker;
using Vibe.Docker.Runtime;
using Vibe.Grains.Workspaces;

namespace Vibe.Grains.Tests.Fixtures;

/// <summary>
/// A test silo hosting workspaces on the real daemon, with its own service id (so its event monitor and sweeper see only
/// its containers), its own workspace root under /tmp, and timings short enough for tests. Disposing it stops the silo and
/// removes its containers and directory.
/// </summary>
public sealed class WorkspaceSilo : IAsyncDisposable
{
    private static int s_count;

    private WorkspaceSilo(TestSiloHost host, string serviceId, string root)
    {
        Host = host;
        ServiceId = serviceId;
        Root = root;
    }

    public TestSiloHost Host { get; }

    public IGrainFactory Grains => Host.GrainFactory;

    public IServiceProvider Services => Host.Services;

    public string ServiceId { get; }

    /// <summary>The directory holding the workspaces' directories.</summary>
    public string Root { get; }

    public IDockerClient Docker => Services.GetRequiredService<IDockerClient>();

    public IContainerRuntime Runtime => Services.GetRequiredService<IContainerRuntime>();

    public WorkspaceOrphanSweeper Sweeper => Services.GetRequiredService<WorkspaceOrphanSweeper>();

    /// <summary>A new service id and root; pass them to <see cref="StartAsync"/> to start several silos of one service.</summary>
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

    public static async Task<WorkspaceSilo> StartAsync(
        Action<WorkspaceOptions>? configure = null,
        Action<IServiceCollection>? configureServices = null,
        (string ServiceId, string Root)? service = null,
        IGrainStorage? sharedStorage = null,
        IReminderTable? sharedReminders = null)
    {
        var (serviceId, root) = service ?? NewService();
        Directory.CreateDirectory(root);
        var host = await TestSiloHost.StartAsync(
            silo =>
            {
                if (sharedStorage is null)
                {
                    silo.AddMemoryGrainStorage();
                }
                else
                {
                    silo.AddGrainStorage(sharedStorage);
                }

                if (sharedReminders is not null)
                {
                    silo.UseReminderTable(sharedReminders);
                }

                silo.AddInClusterStreams(WorkspaceStreams.Provider)
                    .Configure<SiloOptions>(o => o.ServiceId = serviceId)
                    .Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromMilliseconds(100))
                    .Configure<ContainerRuntimeOptions>(o =>
                    {
                        o.ExtraLabels[TestRun.Label] = TestRun.Id;
                        o.InternalNetworkName = TestRun.InternalNetwork;
                        o.TmpfsSizeBytes = 16L * 1024 * 1024;
                    })
                    .AddWorkspaces(o =>
                    {
                        o.Root = root;
                        o.StopTimeout = TimeSpan.FromSeconds(2);
                        o.OrphanSweepPeriod = null;
                        o.DefaultLimits = new WorkspaceLimits(NanoCpus: 500_000_000, MemoryBytes: 128L * 1024 * 1024, PidsLimit: 128);
                        configure?.Invoke(o);
                    });
            },
            configureServices);
        return new WorkspaceSilo(host, serviceId, root);
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

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();

        // The silo's client went with its service provider.
        using var docker = DockerEngine.Connect();
        await DockerFixture.RemoveRunResourcesAsync(docker, ServiceId);
        var serviceDirectory = Path.GetDirectoryName(Root)!;
        if (Directory.Exists(serviceDirectory))
        {
            Directory.Delete(serviceDirectory, recursive: true);
        }
    }
}
