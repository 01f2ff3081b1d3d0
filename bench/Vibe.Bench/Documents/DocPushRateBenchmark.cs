using System.Globalization;
using System.Text;
using Vibe.Bench.Hubs;
using Vibe.Bench.Workspaces;
using Vibe.Grains.Documents;
using Vibe.Grains.Interfaces.Documents;
using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.Bench.Documents;

/// <summary>
/// doc-push-rate: the sustained pushes per second one document grain accepts, one push at a time at the current version (a
/// keystroke appended to a ~2 KB file), as fast as the caller can: called directly in an in-process silo with SQLite grain
/// storage (as the one-command silo runs), the same with in-memory storage (what durability costs), and through a real
/// WebFront's hub from a real <c>@microsoft/signalr</c> client. Baseline, same run: the grain call without persistence, i.e.
/// the same document grain in a silo with in-memory grain storage, so the ratio is what durable acknowledgements cost. Also
/// measured: the same push to <see cref="DocumentPushBaselineGrain"/>, a grain method of the same shape that does only the
/// version check (no ChangeSet, text, persistence or stream).
/// </summary>
internal sealed class DocPushRateBenchmark : IBenchmark
{
    private const string DocumentPath = "src/push-rate.cs";

    public string Name => "doc-push-rate";

    public string Description => "pushes/s one document grain accepts (in-process, SQLite), beside the same grain without persistence";

    public async Task<BenchmarkResult> RunAsync(BenchmarkContext context)
    {
        var warmUp = context.Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(2);
        var phase = context.Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(5);
        var text = BenchDocumentText.Create(2048);
        await BenchWorkspaceSilo.EnsureDockerAsync();

        (LoadLoop.Measurement Measurement, int Rejected) durable;
        (LoadLoop.Measurement Measurement, int Rejected) trivial;
        await using (var silo = await BenchWorkspaceSilo.StartAsync(BenchWorkspaceSilo.NewServiceId()))
        {
            durable = await MeasureDocumentAsync(silo, text, warmUp, phase);
            trivial = await MeasureAsync(silo.Grains.GetGrain<IDocumentPushBaselineGrain>("baseline").Push, null, new DocumentSnapshot("", "", 0, ""), warmUp, phase);
        }

        (LoadLoop.Measurement Measurement, int Rejected) inMemory;
        await using (var silo = await BenchWorkspaceSilo.StartAsync(BenchWorkspaceSilo.NewServiceId(), memoryStorage: true))
        {
            inMemory = await MeasureDocumentAsync(silo, text, warmUp, phase);
        }

        await using var webFront = await WebFrontProcess.StartAsync(context.RepositoryRoot);
        await using var workspace = await BenchDocumentWorkspace.CreateAsync(webFront, "doc push rate", DocumentPath, text);
        var hub = await DocBenchClient.RunAsync(
            context.RepositoryRoot,
            new Dictionary<string, object>
            {
                ["mode"] = "push-rate",
                ["hubUrl"] = workspace.HubUrl.ToString(),
                ["token"] = workspace.Token,
                ["workspaceId"] = workspace.WorkspaceId,
                ["path"] = workspace.Path,
                ["insert"] = BenchDocumentText.Keystroke,
                ["warmupMs"] = warmUp.TotalMilliseconds,
                ["durationMs"] = phase.TotalMilliseconds,
            },
            CancellationToken.None);
        var hubLatencies = EditFanoutBenchmark.ToSamples(hub.GetProperty("latencies"));
        var hubRate = hub.GetProperty("pushes").GetDouble() / hub.GetProperty("seconds").GetDouble();

        return new BenchmarkResult(Name, durable.Measurement.OpsPerSecond, "pushes/s", inMemory.Measurement.OpsPerSecond, durable.Measurement.P50Micros / 1000, durable.Measurement.P99Micros / 1000)
        {
            Notes =
            {
                "value: sequential pushes/s to one document grain, called in-process, SQLite grain storage (p50/p99 in ms per push)",
                "baseline: the same pushes to the same grain in a silo with in-memory grain storage (no persistence): the ratio is the cost of durable acks",
                "trivial grain: a grain method of the same shape doing only the version check and an in-memory tail (no ChangeSet, text, persistence or stream)",
                string.Create(CultureInfo.InvariantCulture, $"each push inserts one character at the end of a ~2 KB document; {phase.TotalSeconds:0} s measured after {warmUp.TotalSeconds:0} s warm-up per path"),
            },
            Extra =
            {
                ["document grain, SQLite, pushes/s"] = durable.Measurement.OpsPerSecond,
                ["document grain, SQLite, p50 ms"] = durable.Measurement.P50Micros / 1000,
                ["document grain, SQLite, p99 ms"] = durable.Measurement.P99Micros / 1000,
                ["document grain, in-memory storage, pushes/s"] = inMemory.Measurement.OpsPerSecond,
                ["document grain, in-memory storage, p99 ms"] = inMemory.Measurement.P99Micros / 1000,
                ["through the hub (SignalR, WebFront process), pushes/s"] = hubRate,
                ["through the hub, p50 ms"] = hubLatencies.P50,
                ["through the hub, p99 ms"] = hubLatencies.P99,
                ["trivial grain pushes/s"] = trivial.Measurement.OpsPerSecond,
                ["trivial grain p99 ms"] = trivial.Measurement.P99Micros / 1000,
                ["pushes rejected, in-process"] = durable.Rejected + inMemory.Rejected,
                ["pushes rejected, through the hub"] = hub.GetProperty("rejected").GetDouble(),
            },
        };
    }

    /// <summary>Creates a workspace in <paramref name="silo"/> with the document's file, opens it and pushes to it.</summary>
    private static async Task<(LoadLoop.Measurement Measurement, int Rejected)> MeasureDocumentAsync(BenchWorkspaceSilo silo, string text, TimeSpan warmUp, TimeSpan phase)
    {
        var workspaceId = WorkspaceStarter.NewId("doc");
        var workspace = silo.Grains.GetGrain<IWorkspaceGrain>(workspaceId);
        await workspace.Create(WorkspaceStarter.Spec);
        await workspace.WriteFile(DocumentPath, Encoding.UTF8.GetBytes(text));
        var document = silo.Grains.GetGrain<IDocumentGrain>(DocumentKeys.Format(workspaceId, DocumentPath));
        var opened = await document.Open();
        return await MeasureAsync(document.Push, document.GetText, opened, warmUp, phase);
    }

    /// <summary>
    /// Pushes one keystroke at a time at the current version through <paramref name="push"/> for the phase. A rejected push
    /// (the document moved on without us, e.g. a change on disk) is counted, and the next one goes at the new version.
    /// </summary>
    private static async Task<(LoadLoop.Measurement Measurement, int Rejected)> MeasureAsync(
        Func<int, IReadOnlyList<DocumentUpdate>, Task<DocumentPushResult>> push,
        Func<Task<DocumentSnapshot>>? current,
        DocumentSnapshot start,
        TimeSpan warmUp,
        TimeSpan phase)
    {
        var rejected = 0;
        var version = start.Version;
        var length = start.Text.Length;
        var measurement = await LoadLoop.RunAsync(1, warmUp, phase, async _ =>
        {
            var result = await push(version, [new DocumentUpdate("bench", BenchDocumentText.AppendChanges(length, BenchDocumentText.Keystroke))]);
            if (result.Accepted)
            {
                version = result.Version;
                length += BenchDocumentText.Keystroke.Length;
                return;
            }

            rejected++;
            var now = current is null ? throw new InvalidOperationException($"A push at version {version} was rejected: the grain is at {result.Version}.") : await current();
            version = now.Version;
            length = now.Text.Length;
        });
        return (measurement, rejected);
    }
}
