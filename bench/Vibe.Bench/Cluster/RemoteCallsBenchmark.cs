namespace Vibe.Bench.Cluster;

/// <summary>
/// Calls from one silo to grains on another over loopback TCP: one caller at a time (latency) and many at once
/// (pipelined throughput), beside a raw TCP ping-pong of a similar frame size and calls to a grain on the caller's own
/// silo, in the same run.
/// </summary>
internal sealed class RemoteCallsBenchmark : IBenchmark
{
    private const int PipelinedCallers = 256;
    private const int FrameBytes = 160; // about the size of a Ping request frame (header, grain id, argument)

    public string Name => "remote-calls";

    public string Description => "sequential and pipelined grain calls between two silos on loopback, beside raw TCP ping-pong";

    public async Task<BenchmarkResult> RunAsync(BenchmarkContext context)
    {
        await using var silos = await LoopbackSilos.StartAsync();

        // Activate the targets on the second silo (prefer-local placement), then call them from the first.
        var remote = new IRemotePingGrain[PipelinedCallers];
        for (var i = 0; i < PipelinedCallers; i++)
        {
            var key = $"remote-{i}";
            await silos.Host.GetGrain<IRemotePingGrain>(key).Ping(0);
            remote[i] = silos.Caller.GetGrain<IRemotePingGrain>(key);
        }

        var local = silos.Caller.GetGrain<IRemotePingGrain>("local");
        await local.Ping(0);

        await using var raw = new RawTcpPingPong(FrameBytes);
        await raw.StartAsync();
        var rawSequential = await LoadLoop.RunAsync(1, context.WarmUp, context.Phase, _ => raw.RoundTripAsync());
        var sequential = await LoadLoop.RunAsync(1, context.WarmUp, context.Phase, _ => Discard(remote[0].Ping(1)));
        var pipelined = await LoadLoop.RunAsync(PipelinedCallers, context.WarmUp, context.Phase, i => Discard(remote[i].Ping(i)));
        var localSequential = await LoadLoop.RunAsync(1, context.WarmUp, context.Phase, _ => Discard(local.Ping(1)));

        return new BenchmarkResult(Name, sequential.OpsPerSecond, "calls/s", rawSequential.OpsPerSecond, sequential.P50Micros, sequential.P99Micros)
        {
            Extra =
            {
                ["raw_tcp_p50_us"] = rawSequential.P50Micros,
                ["raw_tcp_p99_us"] = rawSequential.P99Micros,
                ["latency_ratio_p50_remote_over_raw"] = sequential.P50Micros / rawSequential.P50Micros,
                ["pipelined_calls_per_s"] = pipelined.OpsPerSecond,
                ["pipelined_p50_us"] = pipelined.P50Micros,
                ["pipelined_p99_us"] = pipelined.P99Micros,
                ["local_sequential_calls_per_s"] = localSequential.OpsPerSecond,
                ["local_sequential_p50_us"] = localSequential.P50Micros,
            },
            Notes = { "two silos in this process on 127.0.0.1 TCP (localhost clustering), the grain on the second, calls from the first" },
        };
    }

    private static async ValueTask Discard(ValueTask<int> call) => await call;
}
