using System.Collections.Concurrent;
using System.Diagnostics;
using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.Bench.Workspaces;

/// <summary>
/// 100 workspaces started at once: wall time from the first Create until every one's shell answers `echo ready`, beside 100
/// concurrent `docker run --rm vibe/blank echo ready` as Engine API calls on the same engine. The two alternate over rounds.
/// </summary>
internal sealed class WorkspaceStart100Benchmark : IBenchmark
{
    public string Name => "workspace-start-100";

    public string Description => "seconds until 100 workspaces started at once all answer, beside 100 concurrent docker runs";

    public async Task<BenchmarkResult> RunAsync(BenchmarkContext context)
    {
        await BenchWorkspaceSilo.EnsureDockerAsync();
        var count = context.Quick ? 10 : 100;
        var rounds = context.Quick ? 1 : 2;
        var serviceId = BenchWorkspaceSilo.NewServiceId();
        await using var silo = await BenchWorkspaceSilo.StartAsync(serviceId);
        var baseline = new DockerRunBaseline(silo.Docker, serviceId);

        // One of each first, so neither side pays for first-call JIT and image caches.
        var warmUp = silo.Grains.GetGrain<IWorkspaceGrain>(WorkspaceStarter.NewId("warmup"));
        await WorkspaceStarter.StartAsync(warmUp);
        await warmUp.Delete();
        await baseline.RunApiAsync();

        var workspaceSeconds = new List<double>();
        var baselineSeconds = new List<double>();
        var each = new Samples();
        for (var round = 0; round < rounds; round++)
        {
            var workspaces = Enumerable.Range(0, count).Select(_ => silo.Grains.GetGrain<IWorkspaceGrain>(WorkspaceStarter.NewId("many"))).ToArray();
            var started = Stopwatch.GetTimestamp();
            var latencies = new ConcurrentBag<TimeSpan>();
            await Task.WhenAll(workspaces.Select(async workspace => latencies.Add((await WorkspaceStarter.StartAsync(workspace)).Total)));
            workspaceSeconds.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
            foreach (var latency in latencies)
            {
                each.Add(latency);
            }

            await Task.WhenAll(workspaces.Select(workspace => workspace.Delete()));

            started = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, count).Select(_ => baseline.RunApiAsync()));
            baselineSeconds.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        var value = workspaceSeconds.Average();
        var reference = baselineSeconds.Average();
        var result = new BenchmarkResult(Name, value, "s", reference)
        {
            Notes =
            {
                $"{count} fresh `blank` workspaces, Create+Start+`echo ready` all at once through the grains (SQLite state), mean of {rounds} round(s)",
                $"baseline: {count} concurrent `docker run --rm vibe/blank echo ready` as Engine API calls (create, start, wait, logs, remove)",
            },
            Extra =
            {
                ["each_start_p50_ms"] = each.P50,
                ["each_start_p99_ms"] = each.P99,
            },
        };
        for (var round = 0; round < rounds; round++)
        {
            result.Extra[$"round{round + 1}_workspaces_s"] = workspaceSeconds[round];
            result.Extra[$"round{round + 1}_baseline_s"] = baselineSeconds[round];
        }

        return result;
    }
}
