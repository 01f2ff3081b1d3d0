using System.Diagnostics;
using System.Globalization;
using Vibe.TestSupport;

namespace Vibe.Bench.Cluster;

/// <summary>
/// Three test silos (the Silo plus a greeting counter, tests/TestSilo) on Redis membership and PostgreSQL storage, greeted under load through two of them; the
/// third is SIGKILLed (a crash) or SIGSTOPped (a hang). Measures the seconds until every name answers a greeting sent
/// after the failure, and counts acknowledged greetings lost (must be 0), with Orleans' default failure detection and
/// with the tuned options of docs/cluster.md side by side.
/// </summary>
internal sealed class FailoverBenchmark : IBenchmark
{
    private const int Names = 90;
    private const int SiloCount = 3;
    private static readonly TimeSpan JoinBound = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(300);

    public string Name => "failover";

    public string Description => "seconds from SIGKILL/SIGSTOP of one of three Silo processes (Redis membership) until every grain answers again; acknowledged writes lost";

    public async Task<BenchmarkResult> RunAsync(BenchmarkContext context)
    {
        var siloDll = Path.Combine(context.RepositoryRoot, "tests", "TestSilo", "bin", "Release", "net10.0", "Vibe.TestSilo.dll");
        if (!File.Exists(siloDll))
        {
            throw new FileNotFoundException($"The test silo is not built at {siloDll}; bench/run builds it with the benchmarks.", siloDll);
        }

        await using var postgres = await PostgresServer.StartAsync();
        await using var redis = await RedisServer.StartAsync();
        FailureDetectionTimings[] timings = context.Quick
            ? [FailureDetectionTimings.Defaults, FailureDetectionTimings.Tuned]
            : [FailureDetectionTimings.Defaults, FailureDetectionTimings.Tuned, FailureDetectionTimings.Fast];
        var result = new BenchmarkResult(Name, 0, "s");
        var lostInAll = 0;
        double defaultKill = 0;
        foreach (var signal in new[] { "KILL", "STOP" })
        {
            foreach (var timing in timings)
            {
                var database = await postgres.CreateDatabaseAsync();
                var (seconds, lost) = await MeasureAsync(siloDll, database, redis.ConnectionString, timing, signal);
                var key = $"{signal.ToLowerInvariant()}_{timing.Name}";
                result.Extra[key + "_s"] = Math.Round(seconds, 2);
                result.Extra[key + "_lost_writes"] = lost;
                lostInAll += lost;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# SIG{signal}, {timing.Name} failure detection: every grain answers after {seconds:0.00} s, {lost} acknowledged writes lost"));
                if (signal == "KILL" && timing == FailureDetectionTimings.Defaults)
                {
                    defaultKill = seconds;
                }
            }
        }

        result.Extra["lost_writes"] = lostInAll;
        result.Notes.Add($"{SiloCount} Silo processes, Redis membership, PostgreSQL grain state; {Names} names greeted every 250 ms through the two survivors; value = SIGKILL with Orleans' default options");
        return result with { Value = Math.Round(defaultKill, 2) };
    }

    private static async Task<(double Seconds, int Lost)> MeasureAsync(string siloDll, string database, string redis, FailureDetectionTimings timing, string signal)
    {
        var settings = new Dictionary<string, string>(timing.Settings)
        {
            ["Vibe__Cluster__ConnectionString"] = database,
            ["Vibe__Cluster__Membership"] = "Redis",
            ["Vibe__Cluster__Redis"] = redis,
            ["Vibe__Cluster__ClusterId"] = "failover-" + Guid.NewGuid().ToString("N")[..8],
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var silos = await Task.WhenAll(Enumerable.Range(1, SiloCount).Select(i => BenchSilo.StartAsync(siloDll, $"silo-{i}", settings)));
        try
        {
            await UntilAsync(async () => (await Task.WhenAll(silos.Select(s => s.ReadinessAsync()))).All(r => r.ActiveSilos == SiloCount), "every silo sees all three", JoinBound);
            var (victim, survivors) = (silos[^1], silos[..^1]);
            var load = new GreetingLoad(Names);
            await load.WarmUpAsync(silos, JoinBound);
            if ((await victim.ReadinessAsync()).Activations is not > 0)
            {
                throw new InvalidOperationException($"{victim.Name} hosts no grain, so failing it measures nothing.");
            }

            using var stop = new CancellationTokenSource();
            var running = load.RunAsync(survivors, stop.Token);
            await Task.Delay(TimeSpan.FromSeconds(1));
            load.MarkFailure();
            if (signal == "KILL")
            {
                victim.Kill();
            }
            else
            {
                await victim.SignalAsync("STOP");
            }

            await UntilAsync(() => Task.FromResult(load.RecoverySeconds() is not null), "every name answers again", RecoveryBound);
            var seconds = load.RecoverySeconds()!.Value;
            await stop.CancelAsync();
            await running;
            var lost = await load.CountLostWritesAsync(survivors);
            return (seconds, lost);
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan bound)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > bound)
            {
                throw new TimeoutException($"Waited {bound.TotalSeconds} s for {what}.");
            }

            await Task.Delay(50);
        }
    }
}
