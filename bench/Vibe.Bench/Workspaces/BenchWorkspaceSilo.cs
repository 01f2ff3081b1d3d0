using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Vibe.Docker;
using Vibe.Docker.Errors;
using Vibe.Docker.Runtime;
using Vibe.Grains;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.Grains.Workspaces;
using Vibe.Hosting.Storage;
using EngineApiException = Docker.DotNet.DockerApiException;

namespace Vibe.Bench.Workspaces;

/// <summary>
/// An in-process Orleans silo hosting workspaces on the real Docker engine, as the one-command silo runs them (grain state,
/// reminders and stream subscriptions in a SQLite file through Vibe.Hosting's storage; the "default" memory streams with
/// the same queues and pulling period), with its own service id and directory under /tmp. Every runtime call and grain
/// storage call is timed into <see cref="Profile"/>. Disposing it stops the silo and removes its containers and directory,
/// even after a failure.
/// </summary>
internal sealed class BenchWorkspaceSilo : IAsyncDisposable
{
    /// <summary>Marks every container a benchmark creates (the silo's and the baselines'), so a run removes all of them.</summary>
    public const string RunLabel = "io.vibe.bench.run";

    /// <summary>The memory grain storage behind the timed default one, when the silo keeps state in memory.</summary>
    private const string MemoryStorageName = "bench-memory";

    private BenchWorkspaceSilo(BenchSilo silo, string serviceId, string directory, CallProfile profile)
    {
        Silo = silo;
        ServiceId = serviceId;
        Directory = directory;
        Profile = profile;
    }

    public BenchSilo Silo { get; }

    public IServiceProvider Services => Silo.Services;

    public IGrainFactory Grains => Silo.Grains;

    public string ServiceId { get; }

    /// <summary>The run's directory: workspaces and the SQLite file.</summary>
    public string Directory { get; }

    public CallProfile Profile { get; }

    /// <summary>The grain storage the grains use (timed while <see cref="CallProfile.Enabled"/>): for seeding grain state.</summary>
    public IGrainStorage Storage => Services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);

    public IDockerClient Docker => Services.GetRequiredService<IDockerClient>();

    /// <summary>A new service id, which also names the run's directory and labels its containers.</summary>
    public static string NewServiceId() => $"vbench-{Guid.NewGuid().ToString("N")[..10]}";

    /// <summary>
    /// Starts a silo with workspaces configured by <paramref name="configure"/>; <paramref name="configureSilo"/> adds
    /// to the silo (services, options) after everything else. With <paramref name="memoryStorage"/>, grain state, stream
    /// subscriptions and reminders stay in memory instead of SQLite.
    /// </summary>
    public static async Task<BenchWorkspaceSilo> StartAsync(
        string serviceId,
        Action<WorkspaceOptions>? configure = null,
        Action<ISiloBuilder>? configureSilo = null,
        bool memoryStorage = false)
    {
        var directory = Path.Combine(Path.GetTempPath(), "vibe-bench", serviceId);
        System.IO.Directory.CreateDirectory(directory);
        var storage = new VibeStorageSettings(
            VibeStorageSettings.Sqlite,
            new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "vibe.db") }.ConnectionString);
        var profile = new CallProfile();
        try
        {
            if (!memoryStorage)
            {
                await VibeSchema.EnsureAsync(storage, NullLogger.Instance, CancellationToken.None);
            }

            var silo = await BenchSilo.StartAsync(serviceId, silo =>
            {
                if (memoryStorage)
                {
                    silo.AddMemoryGrainStorage(MemoryStorageName);
                    silo.AddMemoryGrainStorage(ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME);
                    silo.Services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (sp, _) =>
                        new ProfilingGrainStorage(sp.GetRequiredKeyedService<IGrainStorage>(MemoryStorageName), profile));
                    silo.UseInMemoryReminderService();
                }
                else
                {
                    silo.AddVibeStorage(storage);
                    ProfileDefaultStorage(silo.Services, profile);
                }

                AddWorkspaceStreams(silo);
                silo.Configure<ContainerRuntimeOptions>(o => o.ExtraLabels[RunLabel] = serviceId);
                silo.Services.AddSingleton<IContainerRuntime>(sp => ProfilingProxy<IContainerRuntime>.Wrap(
                    new DockerContainerRuntime(
                        sp.GetRequiredService<IDockerClient>(),
                        sp.GetRequiredService<IOptions<ContainerRuntimeOptions>>().Value,
                        sp.GetRequiredService<ILogger<DockerContainerRuntime>>()),
                    profile,
                    "docker"));
                silo.AddWorkspaces(o =>
                {
                    o.Root = Path.Combine(directory, "workspaces");
                    o.OrphanSweepPeriod = null;
                    o.MaxRunningWorkspacesPerOwner = 1000;
                    configure?.Invoke(o);
                });
                configureSilo?.Invoke(silo);
            });
            return new BenchWorkspaceSilo(silo, serviceId, directory, profile);
        }
        catch
        {
            await RemoveRunAsync(serviceId, directory);
            throw;
        }
    }

    /// <summary>The "default" stream provider as the one-command silo has it: memory streams, 4 queues pulled every 10 ms.</summary>
    public static void AddWorkspaceStreams(ISiloBuilder silo) =>
        silo.AddMemoryStreams(WorkspaceStreams.Provider, streams =>
        {
            streams.ConfigurePartitioning(4);
            streams.ConfigurePullingAgent(agent => agent.Configure(o => o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(10)));
        });

    /// <summary>Wraps the default grain storage (not a silo lifecycle participant: Vibe's key-encoding layer) in a timer.</summary>
    private static void ProfileDefaultStorage(IServiceCollection services, CallProfile profile)
    {
        var registered = services.Last(d => d.IsKeyedService && d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
        var factory = registered.KeyedImplementationFactory
            ?? throw new InvalidOperationException("The default grain storage is registered without a factory: it cannot be timed.");
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(
            ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME,
            (sp, key) => new ProfilingGrainStorage((IGrainStorage)factory(sp, key), profile));
    }

    /// <summary>Checks that a Docker engine answers, with the fix in the message when none does.</summary>
    public static async Task EnsureDockerAsync()
    {
        using var docker = DockerEngine.Connect();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await DockerEngine.CheckAsync(docker, timeout.Token);
        }
        catch (DockerUnavailableException ex)
        {
            throw new InvalidOperationException($"The workspace benchmarks need a Docker engine: {ex.Message}", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Silo.DisposeAsync();
        }
        finally
        {
            await RemoveRunAsync(ServiceId, Directory);
        }
    }

    /// <summary>Removes every container labelled with the run.</summary>
    public static async Task RemoveRunContainersAsync(string serviceId)
    {
        using var docker = DockerEngine.Connect();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{RunLabel}={serviceId}"] = true } };
        foreach (var container in await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filters }, timeout.Token))
        {
            try
            {
                await docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, timeout.Token);
            }
            catch (EngineApiException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
            {
                // Gone or going already.
            }
        }
    }

    /// <summary>Removes every container labelled with the run and the run's directory.</summary>
    private static async Task RemoveRunAsync(string serviceId, string directory)
    {
        await RemoveRunContainersAsync(serviceId);
        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }
}
