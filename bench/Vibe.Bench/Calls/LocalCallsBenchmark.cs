namespace Vibe.Bench.Calls;

/// <summary>
/// Calls from outside the silo to already-active grains: one caller loop per grain (so both cores work),
/// and separately many callers sharing one grain. Baseline: the same method on plain objects.
/// </summary>
internal sealed class LocalCallsBenchmark : IBenchmark
{
    private const int Callers = 64;

    public string Name => "local-calls";

    public string Description => "calls/s from outside to active grains on one silo, beside direct interface calls";

    public async Task<BenchmarkResult> RunAsync(BenchmarkContext context)
    {
        await using var silo = await BenchSilo.StartAsync($"vbench-{Guid.NewGuid().ToString("N")[..10]}");
        var grains = Enumerable.Range(0, Callers).Select(i => silo.Grains.GetGrain<IPingGrain>($"ping-{i}")).ToArray();
        foreach (var grain in grains)
        {
            await grain.Ping(0);
        }

        IPingTarget[] plain = [.. Enumerable.Range(0, Callers).Select(_ => new PlainPing())];
        var baseline = await LoadLoop.RunAsync(Callers, context.WarmUp, context.Phase, i => AsValueTask(plain[i].Ping(i)));
        var measured = await LoadLoop.RunAsync(Callers, context.WarmUp, context.Phase, i => AsValueTask(grains[i].Ping(i)));
        var shared = grains[0];
        var oneGrain = await LoadLoop.RunAsync(Callers, context.WarmUp, context.Phase, i => AsValueTask(shared.Ping(i)));
        var sequential = await LoadLoop.RunAsync(1, context.WarmUp, context.Phase, i => AsValueTask(shared.Ping(i)));

        return new BenchmarkResult(Name, measured.OpsPerSecond, "calls/s", baseline.OpsPerSecond, measured.P50Micros, measured.P99Micros)
        {
            Extra =
            {
                ["one_grain_64_callers_calls_per_s"] = oneGrain.OpsPerSecond,
                ["one_caller_sequential_calls_per_s"] = sequential.OpsPerSecond,
                ["one_caller_sequential_p50_us"] = sequential.P50Micros,
                ["one_caller_sequential_p99_us"] = sequential.P99Micros,
                ["baseline_p50_us"] = baseline.P50Micros,
                ["baseline_p99_us"] = baseline.P99Micros,
            },
        };
    }

    private static async ValueTask AsValueTask(ValueTask<int> call) => await call;
}
