using Microsoft.Extensions.DependencyInjection;
using Vibe.Actors.Hosting;
using Vibe.Actors.Storage;
using Vibe.Actors.Testing;
using Vibe.Docker.Runtime;
using Vibe.Grains;
using Vibe.Grains.Agents.Models;
using Vibe.Grains.Workspaces;

namespace Vibe.Bench.Agents;

/// <summary>
/// An in-process silo hosting workspaces (on the real Docker engine), their documents and the AI agent, with SQLite grain
/// storage in its own directory under /tmp, and model clients timed by a <see cref="StepClock"/>. Disposing it stops the
/// silo and removes its containers and directory.
/// </summary>
internal sealed class AgentBenchSilo : IAsyncDisposable
{
    private readonly TestSiloHost _host;
    private readonly string _serviceId;
    private readonly string _directory;

    private AgentBenchSilo(TestSiloHost host, string serviceId, string directory)
    {
        _host = host;
        _serviceId = serviceId;
        _directory = directory;
    }

    public IGrainFactory Grains => _host.GrainFactory;

    public static async Task<AgentBenchSilo> StartAsync(StepClock clock)
    {
        var serviceId = Workspaces.BenchWorkspaceSilo.NewServiceId();
        var directory = Path.Combine(Path.GetTempPath(), "vibe-bench", serviceId);
        Directory.CreateDirectory(directory);
        var connectionString = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "vibe.db") }.ConnectionString;
        var storage = new SqliteGrainStorage(connectionString, serviceId, new JsonGrainStateSerializer());
        await storage.InitializeAsync(CancellationToken.None);
        try
        {
            var host = await TestSiloHost.StartAsync(
                silo => silo
                    .AddGrainStorage(storage)
                    .UseSqliteReminders(connectionString)
                    .AddInClusterStreams(WorkspaceStreams.Provider)
                    .Configure<SiloOptions>(o => o.ServiceId = serviceId)
                    .Configure<ContainerRuntimeOptions>(o => o.ExtraLabels[Workspaces.BenchWorkspaceSilo.RunLabel] = serviceId)
                    .AddWorkspaces(o =>
                    {
                        o.Root = Path.Combine(directory, "workspaces");
                        o.OrphanSweepPeriod = null;
                    }),
                services =>
                {
                    services.AddAgentModels();
                    services.AddSingleton(clock);
                    TimeModelClients(services);
                });
            return new AgentBenchSilo(host, serviceId, directory);
        }
        catch
        {
            await RemoveRunAsync(serviceId, directory);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.DisposeAsync();
        }
        finally
        {
            await RemoveRunAsync(_serviceId, _directory);
        }
    }

    /// <summary>Replaces the registered model client factory with the timed one wrapping it.</summary>
    private static void TimeModelClients(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IAgentModelClientFactory));
        services.Remove(registered);
        services.AddSingleton<IAgentModelClientFactory>(sp =>
        {
            var inner = registered.ImplementationInstance as IAgentModelClientFactory
                ?? registered.ImplementationFactory?.Invoke(sp) as IAgentModelClientFactory
                ?? (IAgentModelClientFactory)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!);
            return new TimedModelClientFactory(inner, sp.GetRequiredService<StepClock>());
        });
    }

    private static async Task RemoveRunAsync(string serviceId, string directory)
    {
        await Workspaces.BenchWorkspaceSilo.RemoveRunContainersAsync(serviceId);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
