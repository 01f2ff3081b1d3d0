using System.Text.Json.Nodes;
using Vibe.Bench.Calls;
using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.Bench.Workspaces;

/// <summary>
/// The silo's managed memory per idle workspace grain: N stopped workspaces are activated (each reads its state and
/// reconciles with the engine, finding its container stopped) and stay idle; the heap grows by the figure times N.
/// Their state is a copy of one real workspace's, so each points at a real stopped container without creating N of them.
/// Baseline: the same for a trivial grain (no state, one method), in a silo of its own, so that neither measurement pays for
/// the other's growth of the silo's tables. `--quick` measures the same 1,000: it takes seconds.
/// </summary>
internal sealed class WorkspaceIdleMemoryBenchmark : IBenchmark
{
    private const string StateName = "workspace";

    public string Name => "workspace-idle-memory";

    public string Description => "managed bytes per idle (stopped) workspace grain, beside a trivial grain";

    public async Task<BenchmarkResult> RunAsync(BenchmarkContext context)
    {
        await BenchWorkspaceSilo.EnsureDockerAsync();
        const int count = 1000;
        await using var silo = await BenchWorkspaceSilo.StartAsync(BenchWorkspaceSilo.NewServiceId());
        await using var baselineSilo = await BenchWorkspaceSilo.StartAsync(BenchWorkspaceSilo.NewServiceId());

        var seed = silo.Grains.GetGrain<IWorkspaceGrain>(WorkspaceStarter.NewId("seed"));
        await seed.Create(WorkspaceStarter.Spec);
        var ids = await SeedCopiesAsync(silo, seed, count);

        // One of each type active first, so type-wide caches (generated invokers, options, loggers) are not counted per grain.
        await silo.Grains.GetGrain<IWorkspaceGrain>(ids[^1]).GetInfo();
        await baselineSilo.Grains.GetGrain<IPingGrain>("ping-warmup").Ping(0);

        var workspace = await HeapGrowth.PerGrainAsync(count, async i =>
        {
            var info = await silo.Grains.GetGrain<IWorkspaceGrain>(ids[i]).GetInfo();
            if (info.Status != WorkspaceStatus.Stopped)
            {
                throw new InvalidOperationException($"Workspace {info.Id} is {info.Status}, not stopped: {info.LastError}");
            }
        });
        var trivial = await HeapGrowth.PerGrainAsync(count, i => baselineSilo.Grains.GetGrain<IPingGrain>($"ping-{i}").Ping(i).AsTask());

        await seed.Delete();
        return new BenchmarkResult(Name, workspace, "bytes", trivial)
        {
            Notes =
            {
                $"{count} idle grains of each kind activated after a full GC, then GC.GetTotalMemory(true) again; value and baseline are the growth / {count}",
                "workspace grains: Stopped, with a container id (one real stopped container shared by all); baseline: a stateless ping grain in a second silo",
            },
            Extra =
            {
                ["workspace_kib"] = workspace / 1024,
                ["trivial_kib"] = trivial / 1024,
            },
        };
    }

    /// <summary>Writes <paramref name="count"/> copies of the seed's state under new workspace ids and returns those ids.</summary>
    private static async Task<string[]> SeedCopiesAsync(BenchWorkspaceSilo silo, IWorkspaceGrain seed, int count)
    {
        var seedId = seed.GetGrainId();
        var state = new GrainState<JsonObject>(new JsonObject());
        await silo.Storage.ReadStateAsync(StateName, seedId, state, CancellationToken.None);
        if (!state.RecordExists)
        {
            throw new InvalidOperationException($"The seed workspace's state was not found under '{StateName}'.");
        }

        var ids = new string[count + 1];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = WorkspaceStarter.NewId("idle");
            var copy = new GrainState<JsonObject>((JsonObject)state.State!.DeepClone());
            await silo.Storage.WriteStateAsync(StateName, GrainId.Create(seedId.Type, ids[i]), copy, CancellationToken.None);
        }

        return ids;
    }
}
