using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vibe.Actors.Hosting;
using Vibe.Actors.Storage;
using Vibe.Actors.Testing;
using Vibe.Docker;
using Vibe.Docker.Errors;
using Vibe.Docker.Runtime;
using Vibe.Grains;
using Vibe.Grains.Workspaces;
using EngineApiException = Docker.DotNet.DockerApiException;

namespace Vibe.Bench.Workspaces;

/// <summary>
/// An in-process silo hosting workspaces on the real Docker engine, as the one-command silo runs them (SQLite grain storage
/// and reminders in a file), with its own service id and directory under /tmp. Every runtime call and storage call is timed
/// into <see cref="Profile"/>. Disposing it stops the silo and removes its containers and directory, even after a failure.
/// </summary>
internal sealed class BenchWorkspaceSilo : IAsyncDisposable
{
    /// <summary>Marks every container a benchmark creates (the silo's and the baselines'), so a run removes all of them.</summary>
    public const string RunLabel = "io.vibe.bench.run";

    private BenchWorkspaceSilo(TestSiloHost host, string serviceId, string directory, CallProfile profile, IGrainStorage storage)
    {
        Host = host;
        Storage = storage;
        ServiceId = serviceId;
        Directory = directory;
        Profile = profile;
    }

    public TestSiloHost Host { get; }

    public IGrainFactory Grains => Host.GrainFactory;

    public string ServiceId { get; }

    /// <summary>The run's directory: workspaces and the SQLite file.</summary>
    public string Directory { get; }

    public CallProfile Profile { get; }

    /// <summary>The grain storage, unprofiled: for seeding grain state.</summary>
    public IGrainStorage Storage { get; }

    public IDockerClient Docker => Host.Services.GetRequiredService<IDockerClient>();

    /// <summary>A new service id, which also names the run's directory and labels its containers.</summary>
    public static string NewServiceId() => $"vbench-{Guid.NewGuid().ToString("N")[..10]}";

    public static async Task<BenchWorkspaceSilo> StartAsync(string serviceId, Action<WorkspaceOptions>? configure = null, bool memoryStorage = false)
    {
        var directory = Path.Combine(Path.GetTempPath(), "vibe-bench", serviceId);
        System.IO.Directory.CreateDirectory(directory);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "vibe.db") }.ConnectionString;
        var profile = new CallProfile();
        IGrainStorage storage;
        if (memoryStorage)
        {
            storage = new MemoryGrainStorage(new JsonGrainStateSerializer());
        }
        else
        {
            var sqlite = new SqliteGrainStorage(connectionString, serviceId, new JsonGrainStateSerializer());
            await sqlite.InitializeAsync(CancellationToken.None);
            storage = sqlite;
        }

        try
        {
            var host = await TestSiloHost.StartAsync(
                silo =>
                {
                    silo.AddGrainStorage(new ProfilingGrainStorage(storage, profile));
                    if (!memoryStorage)
                    {
                        silo.UseSqliteReminders(connectionString);
                    }

                    silo.AddInClusterStreams(WorkspaceStreams.Provider)
                        .Configure<SiloOptions>(o => o.ServiceId = serviceId)
                        .Configure<ContainerRuntimeOptions>(o => o.ExtraLabels[RunLabel] = serviceId)
                        .AddWorkspaces(o =>
                        {
                            o.Root = Path.Combine(directory, "workspaces");
                            o.OrphanSweepPeriod = null;
                            o.MaxRunningWorkspacesPerOwner = 1000;
                            configure?.Invoke(o);
                        });
                },
                services => services.AddSingleton(sp => ProfilingProxy<IContainerRuntime>.Wrap(
                    new DockerContainerRuntime(
                        sp.GetRequiredService<IDockerClient>(),
                        sp.GetRequiredService<IOptions<ContainerRuntimeOptions>>().Value,
                        sp.GetRequiredService<ILogger<DockerContainerRuntime>>()),
                    profile,
                    "docker")));
            return new BenchWorkspaceSilo(host, serviceId, directory, profile, storage);
        }
        catch
        {
            await RemoveRunAsync(serviceId, directory);
            throw;
        }
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
            await Host.DisposeAsync();
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
