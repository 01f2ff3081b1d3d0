using System.Globalization;
using System.Text;
using Vibe.Bench.Calls;
using Vibe.Bench.Workspaces;
using Vibe.Grains.Interfaces.Documents;
using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.Bench.Documents;

/// <summary>
/// doc-memory: the silo's managed memory per open, idle document grain for a ~2 KB file. N documents of one workspace (each
/// file with its own text) are opened through <see cref="IDocumentGrain.Open"/> and stay idle; the heap grows by the figure
/// times N. The silo keeps grain state in SQLite (as the one-command silo does), so the persisted copy is not counted.
/// Baseline: the same for a trivial grain (no state, one method) in a silo of its own, as workspace-idle-memory measures it.
/// </summary>
internal sealed class DocMemoryBenchmark : IBenchmark
{
    private const int FileChars = 2048;

    public string Name => "doc-memory";

    public string Description => "managed bytes per open idle document grain (~2 KB file), beside a trivial grain";

    public async Task<BenchmarkResult> RunAsync(BenchmarkContext context)
    {
        var count = context.Quick ? 500 : 1000;
        await BenchWorkspaceSilo.EnsureDockerAsync();
        // Idle documents deactivate after a minute by default; these must stay open until the heap is measured.
        await using var silo = await BenchWorkspaceSilo.StartAsync(BenchWorkspaceSilo.NewServiceId(), o => o.Documents.IdleTimeout = TimeSpan.FromMinutes(30));
        await using var baselineSilo = await BenchWorkspaceSilo.StartAsync(BenchWorkspaceSilo.NewServiceId(), memoryStorage: true);

        var workspaceId = WorkspaceStarter.NewId("docs");
        var workspace = silo.Grains.GetGrain<IWorkspaceGrain>(workspaceId);
        await workspace.Create(WorkspaceStarter.Spec);
        var paths = new string[count + 1];
        for (var i = 0; i < paths.Length; i++)
        {
            paths[i] = string.Create(CultureInfo.InvariantCulture, $"src/file{i:0000}.cs");
            await workspace.WriteFile(paths[i], Encoding.UTF8.GetBytes(BenchDocumentText.Create(FileChars, seed: i)));
        }

        // One of each type active first, so type-wide caches (generated invokers, options, loggers) are not counted per grain.
        var textChars = (await silo.Grains.GetGrain<IDocumentGrain>(DocumentKeys.Format(workspaceId, paths[^1])).Open()).Text.Length;
        await baselineSilo.Grains.GetGrain<IPingGrain>("ping-warmup").Ping(0);

        var workingSetBefore = Environment.WorkingSet;
        var document = await HeapGrowth.PerGrainAsync(count, async i =>
        {
            var snapshot = await silo.Grains.GetGrain<IDocumentGrain>(DocumentKeys.Format(workspaceId, paths[i])).Open();
            if (snapshot.Text.Length == 0)
            {
                throw new InvalidOperationException($"{paths[i]} opened empty.");
            }
        });
        var workingSetPerDocument = (double)(Environment.WorkingSet - workingSetBefore) / count;
        var trivial = await HeapGrowth.PerGrainAsync(count, i => baselineSilo.Grains.GetGrain<IPingGrain>($"ping-{i}").Ping(i).AsTask());

        return new BenchmarkResult(Name, document, "bytes", trivial)
        {
            Notes =
            {
                string.Create(CultureInfo.InvariantCulture, $"{count} documents opened (idle, never edited) after a full GC, then GC.GetTotalMemory(true) again; value and baseline are the growth / {count}"),
                string.Create(CultureInfo.InvariantCulture, $"each document: a file of {textChars} characters ({textChars * 2} bytes as a UTF-16 string); baseline: a stateless ping grain in a second silo"),
            },
            Extra =
            {
                ["document_kib"] = document / 1024,
                ["trivial_kib"] = trivial / 1024,
                ["document_minus_trivial_kib"] = (document - trivial) / 1024,
                ["text_utf16_kib"] = textChars * 2 / 1024.0,
                ["working_set_growth_per_document_kib (noisy)"] = workingSetPerDocument / 1024,
            },
        };
    }
}
