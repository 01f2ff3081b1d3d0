namespace Vibe.Bench.Calls;

/// <summary>Grain-to-grain calls on one silo: each caller grain awaits calls to its own target grain in a loop.</summary>
internal sealed class GrainToGrainBenchmark : IBenchmark
{
    private const int Pairs = 16;
    private const int CallsPerBatch = 1000;

    public string Name => "grain-to-grain";

    public string Description => "calls/s from grains to grains on one silo, beside direct interface calls";

    public async Task<BenchmarkResult> RunAsync(BenchmarkContext context)
    {
        await using var silo = await BenchSilo.StartAsync($"vbench-{Guid.NewGuid().ToString("N")[..10]}");
        var callers = Enumerable.Range(0, Pairs).Select(i => silo.Grains.GetGrain<IPingGrain>($"caller-{i}")).ToArray();
        var targets = Enumerable.Range(0, Pairs).Select(i => silo.Grains.GetGrain<IPingGrain>($"target-{i}")).ToArray();
        IPingTarget[] plainCallers = [.. Enumerable.Range(0, Pairs).Select(_ => new PlainPing())];
        IPingTarget[] plainTargets = [.. Enumerable.Range(0, Pairs).Select(_ => new PlainPing())];

        var baseline = await LoadLoop.RunAsync(Pairs, context.WarmUp, context.Phase, i => AsValueTask(plainCallers[i].PingOther(plainTargets[i], CallsPerBatch)));
        var measured = await LoadLoop.RunAsync(Pairs, context.WarmUp, context.Phase, i => AsValueTask(callers[i].PingOther(targets[i], CallsPerBatch)));

        // Each measured operation is a batch of calls: report calls, and per-call latency.
        return new BenchmarkResult(
            Name,
            measured.OpsPerSecond * CallsPerBatch,
            "calls/s",
            baseline.OpsPerSecond * CallsPerBatch,
            measured.P50Micros / CallsPerBatch,
            measured.P99Micros / CallsPerBatch);
    }

    private static async ValueTask AsValueTask(ValueTask<int> call) => await call;
}
