using System.Diagnostics;

namespace Vibe.Bench;

/// <summary>
/// Runs <c>concurrency</c> asynchronous loops, each awaiting one operation at a time, for a fixed time;
/// counts operations and samples per-operation latency.
/// </summary>
internal static class LoadLoop
{
    public sealed record Measurement(double OpsPerSecond, double P50Micros, double P99Micros, long Operations);

    public static async Task<Measurement> RunAsync(int concurrency, TimeSpan warmUp, TimeSpan duration, Func<int, ValueTask> operation)
    {
        await RunPhaseAsync(concurrency, warmUp, operation, record: false);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return await RunPhaseAsync(concurrency, duration, operation, record: true);
    }

    private static async Task<Measurement> RunPhaseAsync(int concurrency, TimeSpan duration, Func<int, ValueTask> operation, bool record)
    {
        var stop = 0;
        var samples = new List<long>[concurrency];
        var counts = new long[concurrency];
        var start = Stopwatch.GetTimestamp();
        var loops = new Task[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            var worker = i;
            samples[worker] = new List<long>(record ? 1 << 16 : 0);
            loops[i] = Task.Run(async () =>
            {
                var list = samples[worker];
                long n = 0;
                while (Volatile.Read(ref stop) == 0)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    await operation(worker);
                    n++;
                    if (record && (n & 15) == 0)
                    {
                        list.Add(Stopwatch.GetTimestamp() - t0);
                    }
                }

                counts[worker] = n;
            });
        }

        await Task.Delay(duration);
        Volatile.Write(ref stop, 1);
        await Task.WhenAll(loops);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var all = samples.SelectMany(s => s).Order().ToArray();
        var total = counts.Sum();
        return new Measurement(total / elapsed, Percentile(all, 0.50), Percentile(all, 0.99), total);
    }

    private static double Percentile(long[] sortedTicks, double p) =>
        sortedTicks.Length == 0 ? 0 : sortedTicks[Math.Min(sortedTicks.Length - 1, (int)(p * sortedTicks.Length))] * 1_000_000.0 / Stopwatch.Frequency;
}
