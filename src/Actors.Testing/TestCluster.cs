using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vibe.Actors.Cluster;
using Vibe.Actors.Hosting;
using Vibe.Actors.Reminders;
using Vibe.Actors.Storage;

namespace Vibe.Actors.Testing;

/// <summary>
/// Several silos in one process with real TCP between them on loopback, sharing an in-memory membership
/// table, grain storage ("Default") and reminder table. Failure detection runs with test timings, so a
/// killed silo is declared dead in about a second.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly List<TestClusterSilo> _silos = [];
    private readonly Action<SiloBuilder>? _configureSilo;
    private readonly Action<IServiceCollection>? _configureServices;
    private readonly string _clusterId = $"test-{Guid.NewGuid():N}";
    private int _siloCount;

    private TestCluster(Action<SiloBuilder>? configureSilo, Action<IServiceCollection>? configureServices)
    {
        _configureSilo = configureSilo;
        _configureServices = configureServices;
        MembershipTable = new InMemoryMembershipTable(_clusterId);
    }

    public InMemoryMembershipTable MembershipTable { get; }

    /// <summary>Grain state shared by all silos, so state written on a silo that dies is still there.</summary>
    public IGrainStorage Storage { get; } = new MemoryGrainStorage(new JsonGrainStateSerializer());

    public IReminderTable Reminders { get; } = new MemoryReminderTable();

    /// <summary>The silos still running, in start order.</summary>
    public IReadOnlyList<TestClusterSilo> Silos => [.. _silos.Where(s => s.IsRunning)];

    /// <summary>A factory on the first running silo.</summary>
    public IGrainFactory GrainFactory => Silos[0].GrainFactory;

    /// <summary>The test timings for failure detection, applied to every silo (configureSilo may override them).</summary>
    public static void ApplyTestTimings(ClusterMembershipOptions o)
    {
        o.ProbePeriod = TimeSpan.FromMilliseconds(200);
        o.ProbeTimeout = TimeSpan.FromSeconds(2); // a killed silo refuses connections at once; a busy 2-core machine can be slow to answer
        o.NumMissedProbesLimit = 3;
        o.IAmAlivePeriod = TimeSpan.FromSeconds(1);
        o.NumMissedTableIAmAliveLimit = 5; // a starved silo must not look stale, or a partitioned minority could out-vote it
        o.TableRefreshPeriod = TimeSpan.FromMilliseconds(500);
        o.LoadPublishPeriod = TimeSpan.FromMilliseconds(200);
    }

    public static async Task<TestCluster> StartAsync(int silos = 3, Action<SiloBuilder>? configureSilo = null, Action<IServiceCollection>? configureServices = null)
    {
        var cluster = new TestCluster(configureSilo, configureServices);
        try
        {
            for (var i = 0; i < silos; i++)
            {
                await cluster.StartAdditionalSiloAsync();
            }

            await cluster.WaitForLivenessToStabilizeAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more silo; it joins the cluster before this returns.</summary>
    public async Task<TestClusterSilo> StartAdditionalSiloAsync(Action<SiloBuilder>? configureThisSilo = null)
    {
        var name = $"silo{_siloCount++}";
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSilo(silo =>
        {
            silo.Configure<SiloOptions>(o => o.SiloName = name)
                .UseCluster(o => o.ClusterId = _clusterId)
                .UseInMemoryMembership(MembershipTable)
                .Configure<ClusterMembershipOptions>(ApplyTestTimings)
                .Configure<ReminderOptions>(o =>
                {
                    o.MinimumReminderPeriod = TimeSpan.FromMilliseconds(100);
                    o.RefreshPeriod = TimeSpan.FromMilliseconds(500);
                })
                .AddGrainStorage(Storage)
                .UseReminderTable(Reminders)
                .AddInClusterStreams("default");
            _configureSilo?.Invoke(silo);
            configureThisSilo?.Invoke(silo);
        });
        _configureServices?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        var silo = new TestClusterSilo(name, host);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>Stops a silo gracefully: it leaves the table, its grains deactivate (OnDeactivateAsync runs).</summary>
    public async Task StopSiloAsync(TestClusterSilo silo)
    {
        silo.IsRunning = false;
        await silo.Host.StopAsync();
        silo.Host.Dispose();
    }

    /// <summary>Kills a silo: its sockets close with no goodbye and its table row stays Active until the others declare it dead.</summary>
    public Task KillSiloAsync(TestClusterSilo silo)
    {
        silo.IsRunning = false;
        silo.Kill();
        silo.Host.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Cuts <paramref name="silo"/> off from every other silo: frames both ways are dropped and connections refused,
    /// as in a network partition. The membership table stays reachable for all, as a database on its own network would.
    /// </summary>
    public void Partition(TestClusterSilo silo)
    {
        var endpoint = silo.Runtime.Cluster!.Self.Endpoint;
        foreach (var other in Silos.Where(s => s != silo))
        {
            other.Runtime.Cluster!.Transport.Block(endpoint);
            silo.Runtime.Cluster!.Transport.Block(other.Runtime.Cluster!.Self.Endpoint);
        }
    }

    /// <summary>Treats <paramref name="silo"/> as gone from the test's point of view (it stopped itself).</summary>
    public void Forget(TestClusterSilo silo)
    {
        silo.IsRunning = false;
        silo.Host.Dispose();
    }

    /// <summary>Waits until every running silo sees exactly the running silos as active.</summary>
    public Task WaitForLivenessToStabilizeAsync(TimeSpan? timeout = null) =>
        Eventually.Until(
            () =>
            {
                var running = Silos.Select(s => s.Address).Order(StringComparer.Ordinal).ToList();
                return Silos.All(s => s.ActiveSilos.Order(StringComparer.Ordinal).SequenceEqual(running));
            },
            "every silo to see the same active silos",
            timeout ?? TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Silos.Reverse())
        {
            try
            {
                await StopSiloAsync(silo);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ActorRuntimeException)
            {
                silo.Host.Dispose();
            }
        }
    }
}
