using Microsoft.Extensions.DependencyInjection;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.Grains.Workspaces;

namespace Vibe.Bench.Workspaces;

/// <summary>
/// Workspace start latency: a fresh workspace's Create and Start grain calls until a shell in its container answers
/// `echo ready`, beside plain `docker run --rm vibe/blank echo ready` on the same engine. Cold: the container is created;
/// warm: a silo with a warm pool for `blank` adopts a made-ahead one. The variants are measured in turns (one of each per
/// round), so a slow moment of the shared machine hits all of them alike. `workspace-start` reports cold (warm among the
/// extra figures); `workspace-start-warm` measures warm and the baselines only and reports warm.
/// </summary>
internal sealed class WorkspaceStartBenchmark(bool warmOnly) : IBenchmark
{
    private const int PoolSize = 2;

    public string Name => warmOnly ? "workspace-start-warm" : "workspace-start";

    public string Description => warmOnly
        ? "grain call until a shell in a new workspace answers with a warm pool, beside plain docker run (ms)"
        : "grain call until a shell in a new workspace answers, beside plain docker run (ms)";

    public async Task<BenchmarkResult> RunAsync(BenchmarkContext context)
    {
        await BenchWorkspaceSilo.EnsureDockerAsync();
        var rounds = context.Quick ? 5 : 50;
        var warmUpRounds = context.Quick ? 1 : 3;
        await using var cold = warmOnly ? null : await BenchWorkspaceSilo.StartAsync(BenchWorkspaceSilo.NewServiceId());
        await using var warm = await BenchWorkspaceSilo.StartAsync(BenchWorkspaceSilo.NewServiceId(), o => o.WarmPool["blank"] = PoolSize);
        var pool = warm.Services.GetRequiredService<WorkspaceWarmPool>();
        await WaitForFullPoolAsync(pool);
        var baseline = new DockerRunBaseline(warm.Docker, warm.ServiceId);

        var coldTimes = new PhaseSamples();
        var warmTimes = new PhaseSamples();
        var cli = new Samples();
        var api = new Samples();
        for (var round = -warmUpRounds; round < rounds; round++)
        {
            var measured = round >= 0;
            if (round == 0)
            {
                cold?.Profile.Reset();
                warm.Profile.Reset();
            }

            // The pool is full before each warm start and refilled before anything else is measured: no refill runs meanwhile.
            warmTimes.Add(await StartOnceAsync(warm, "warm"), measured);
            await WaitForFullPoolAsync(pool);
            if (cold is not null)
            {
                coldTimes.Add(await StartOnceAsync(cold, "cold"), measured);
            }

            var apiRun = await baseline.RunApiAsync();
            TimeSpan? cliRun = DockerRunBaseline.HasCli ? await baseline.RunCliAsync() : null;
            if (measured)
            {
                api.Add(apiRun);
                if (cliRun is { } c)
                {
                    cli.Add(c);
                }
            }
        }

        var reference = cli.Count > 0 ? cli : api;
        var headline = warmOnly ? warmTimes : coldTimes;
        var result = new BenchmarkResult(Name, headline.Total.P50, "ms", reference.P50, headline.Total.P50, headline.Total.P99)
        {
            Notes =
            {
                $"{rounds} rounds after {warmUpRounds} warm-up; each: Create+Start of a new `blank` workspace (SQLite state, as the one-command silo) until `sh -c 'echo ready'` answers through IWorkspaceGrain.Exec, {(warmOnly ? "" : "cold (container created), ")}warm (adopted from a pool of {PoolSize}), then the baselines",
                cli.Count > 0
                    ? "baseline: `docker run --rm vibe/blank echo ready` through the docker CLI (its process start included); baseline_api: the same as Engine API calls (create, start, wait, logs, remove)"
                    : "baseline: no docker CLI installed, so `docker run --rm vibe/blank echo ready` as Engine API calls (create, start, wait, logs, remove)",
                "profile_*: milliseconds and calls inside the container runtime and grain storage per start (starts run one at a time)",
            },
        };
        if (cold is not null)
        {
            coldTimes.Report(result.Extra, "cold", reference, api);
        }

        warmTimes.Report(result.Extra, "warm", reference, api);
        result.Extra["baseline_p99_ms"] = reference.P99;
        result.Extra["baseline_api_p50_ms"] = api.P50;
        result.Extra["baseline_api_p99_ms"] = api.P99;
        foreach (var (name, silo) in new[] { ("cold", cold), ("warm", warm) })
        {
            if (silo is null)
            {
                continue;
            }

            var profiled = 0.0;
            foreach (var (call, milliseconds, calls) in silo.Profile.PerOperation(rounds))
            {
                result.Extra[$"{name}_profile_{call}_ms"] = milliseconds;
                result.Extra[$"{name}_profile_{call}_calls"] = calls;
                profiled += milliseconds;
            }

            // What the calls above do not account for: the grain calls themselves, streams, quota, reminders.
            result.Extra[$"{name}_profile_rest_ms"] = (name == "cold" ? coldTimes : warmTimes).Total.Mean - profiled;
        }

        return result;
    }

    private static async Task<WorkspaceStarter.Timing> StartOnceAsync(BenchWorkspaceSilo silo, string prefix)
    {
        var workspace = silo.Grains.GetGrain<IWorkspaceGrain>(WorkspaceStarter.NewId(prefix));
        silo.Profile.Enabled = true;
        var timing = await WorkspaceStarter.StartAsync(workspace);
        silo.Profile.Enabled = false;
        await workspace.Delete();
        return timing;
    }

    /// <summary>Waits for the pool to be full again, so every warm start measures an adoption and no refill overlaps a measurement.</summary>
    private static async Task WaitForFullPoolAsync(WorkspaceWarmPool pool)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (pool.Available("blank") < PoolSize)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }

    /// <summary>The total and per-phase samples of one variant.</summary>
    private sealed class PhaseSamples
    {
        public Samples Total { get; } = new();

        private Samples Create { get; } = new();

        private Samples Start { get; } = new();

        private Samples Ready { get; } = new();

        public void Add(WorkspaceStarter.Timing timing, bool measured)
        {
            if (!measured)
            {
                return;
            }

            Total.Add(timing.Total);
            Create.Add(timing.Create);
            Start.Add(timing.Start);
            Ready.Add(timing.Ready);
        }

        public void Report(Dictionary<string, double> extra, string name, Samples reference, Samples api)
        {
            extra[$"{name}_p50_ms"] = Total.P50;
            extra[$"{name}_p99_ms"] = Total.P99;
            extra[$"{name}_ratio"] = Total.P50 / reference.P50;
            extra[$"{name}_ratio_to_api"] = Total.P50 / api.P50;
            extra[$"{name}_create_p50_ms"] = Create.P50;
            extra[$"{name}_start_p50_ms"] = Start.P50;
            extra[$"{name}_ready_p50_ms"] = Ready.P50;
        }
    }
}
