using System.Diagnostics;
using Vibe.Actors.Hosting;
using Vibe.Actors.Testing;
using Vibe.Bench.Calls;

namespace Vibe.Bench.Cluster;

/// <summary>
/// Seconds from killing a silo (sockets closed with no goodbye, as SIGKILL does) to every grain that lived on
/// it answering again from the survivors: with the default failure-detection settings and with test settings.
/// </summary>
internal sealed class FailoverBenchmark : IBenchmark
{
    private const int Grains = 300;

    public string Name => "failover";

    public string Description => "seconds from a silo kill to all its grains answering again (default and test timings)";

    public async Task<BenchmarkResult> RunAsync(BenchmarkContext context)
    {
        var rounds = context.Quick ? 1 : 3;
        var defaults = new List<double>();
        var fast = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            defaults.Add(await MeasureAsync(o =>
            {
                var d = new ClusterMembershipOptions();
                o.ProbePeriod = d.ProbePeriod;
                o.ProbeTimeout = d.ProbeTimeout;
                o.NumMissedProbesLimit = d.NumMissedProbesLimit;
                o.IAmAlivePeriod = d.IAmAlivePeriod;
                o.TableRefreshPeriod = d.TableRefreshPeriod;
            }));
            fast.Add(await MeasureAsync(TestCluster.ApplyTestTimings));
        }

        return new BenchmarkResult(Name, defaults.Max(), "s")
        {
            Extra =
            {
                ["default_timings_median_s"] = Median(defaults),
                ["test_timings_max_s"] = fast.Max(),
                ["test_timings_median_s"] = Median(fast),
                ["rounds"] = rounds,
            },
        };
    }

    private static async Task<double> MeasureAsync(Action<ClusterMembershipOptions> timings)
    {
        await using var cluster = await TestCluster.StartAsync(3, silo => silo.Configure(timings));
        var factory = cluster.Silos[0].GrainFactory;
        var victim = cluster.Silos[2];
        var grains = Enumerable.Range(0, Grains).Select(i => factory.GetGrain<IPingGrain>($"failover-{i}")).ToArray();
        await Task.WhenAll(grains.Select(g => g.Ping(0).AsTask()));

        var watch = Stopwatch.StartNew();
        await cluster.KillSiloAsync(victim);
        while (true)
        {
            try
            {
                await Task.WhenAll(grains.Select(g => g.Ping(0).AsTask()));
                return watch.Elapsed.TotalSeconds;
            }
            catch (Exception ex) when (ex is SiloUnavailableException or TimeoutException)
            {
                await Task.Delay(20);
            }
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
