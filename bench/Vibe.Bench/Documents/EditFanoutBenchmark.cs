using System.Globalization;
using System.Text.Json;
using Vibe.Bench.Hubs;
using Vibe.Bench.Workspaces;

namespace Vibe.Bench.Documents;

/// <summary>
/// edit-fanout: milliseconds from one client pushing an edit to each of 20 other clients on the same document receiving it,
/// end to end through a real WebFront process: the hub's PushDocumentUpdates, the document grain (which acknowledges once the
/// update is durable), its updates stream, the hub's fan-out to the document's group and SignalR over WebSockets to real
/// <c>@microsoft/signalr</c> clients in Node. Baseline, same run, same Node process and clock: a raw WebSocket relay
/// (<see cref="RawWebSocketRelay"/>) forwarding the same documentUpdates message from one sender to 20 receivers.
/// One push at a time (a keystroke appended to a ~2 KB file), the next ~10 ms after the previous one reached everyone.
/// </summary>
internal sealed class EditFanoutBenchmark : IBenchmark
{
    private const int Receivers = 20;
    private const int IntervalMilliseconds = 10;
    private const string DocumentPath = "src/fanout.cs";

    public string Name => "edit-fanout";

    public string Description => "ms from one document push to 20 SignalR clients receiving it (p50/p99); baseline raw WebSocket broadcast";

    public async Task<BenchmarkResult> RunAsync(BenchmarkContext context)
    {
        var rounds = context.Quick ? 1 : 3;
        var warmUp = context.Quick ? 30 : 50;
        var perRound = context.Quick ? 300 : 400;
        var measured = rounds * perRound;
        var text = BenchDocumentText.Create(2048);
        await using var webFront = await WebFrontProcess.StartAsync(context.RepositoryRoot);
        await using var workspace = await BenchDocumentWorkspace.CreateAsync(webFront, "doc fanout", DocumentPath, text);
        await using var relay = await RawWebSocketRelay.StartAsync(CancellationToken.None);

        var common = new Dictionary<string, object>
        {
            ["receivers"] = Receivers,
            ["warmup"] = warmUp,
            ["count"] = perRound,
            ["intervalMs"] = IntervalMilliseconds,
            ["insert"] = BenchDocumentText.Keystroke,
            ["receiptTimeoutMs"] = 5000,
            ["workspaceId"] = workspace.WorkspaceId,
            ["path"] = workspace.Path,
            ["initialLength"] = workspace.Length,
        };

        // Alternating rounds, so that a busy spell of the (shared) machine falls on both paths rather than on one.
        var rawLatencies = new Samples();
        var hubLatencies = new Samples();
        var acks = new Samples();
        double rawLost = 0, hubLost = 0, rejected = 0;
        for (var round = 0; round < rounds; round++)
        {
            var raw = await DocBenchClient.RunAsync(context.RepositoryRoot, With(common, "fanout-raw", ("wsUrl", relay.Url.ToString())), CancellationToken.None);
            var hub = await DocBenchClient.RunAsync(
                context.RepositoryRoot,
                With(common, "fanout-signalr", ("hubUrl", workspace.HubUrl.ToString()), ("token", workspace.Token)),
                CancellationToken.None);
            AddTo(rawLatencies, raw.GetProperty("latencies"));
            AddTo(hubLatencies, hub.GetProperty("latencies"));
            AddTo(acks, hub.GetProperty("acks"));
            rawLost += raw.GetProperty("lost").GetDouble();
            hubLost += hub.GetProperty("lost").GetDouble();
            rejected += hub.GetProperty("rejected").GetDouble();
        }

        return new BenchmarkResult(Name, hubLatencies.P99, "ms", rawLatencies.P99, hubLatencies.P50, hubLatencies.P99)
        {
            Notes =
            {
                "value: p99 ms from push to receipt over SignalR (hub -> document grain -> stream -> group); baseline: p99 of a raw WebSocket relay of the same message",
                string.Create(CultureInfo.InvariantCulture, $"{measured} pushes in {rounds} alternating rounds per path (each after {warmUp} warm-up pushes), each to {Receivers} receivers ({measured * Receivers} receipts per path), ~{IntervalMilliseconds} ms apart; one Node process holds all clients of a round"),
                string.Create(CultureInfo.InvariantCulture, $"goal p99 < 10 ms: {(hubLatencies.P99 < 10 ? "met" : "not met")}; goal within 2x of raw: {(hubLatencies.P99 <= 2 * rawLatencies.P99 ? "met" : "not met")}"),
            },
            Extra =
            {
                ["signalr p50 ms"] = hubLatencies.P50,
                ["signalr p99 ms"] = hubLatencies.P99,
                ["signalr mean ms"] = hubLatencies.Mean,
                ["raw p50 ms"] = rawLatencies.P50,
                ["raw p99 ms"] = rawLatencies.P99,
                ["raw mean ms"] = rawLatencies.Mean,
                ["push acknowledged p50 ms"] = acks.P50,
                ["push acknowledged p99 ms"] = acks.P99,
                ["receipts lost by signalr"] = hubLost,
                ["receipts lost by raw"] = rawLost,
                ["pushes rejected"] = rejected,
            },
        };
    }

    private static Dictionary<string, object> With(Dictionary<string, object> common, string mode, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, object>(common) { ["mode"] = mode };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    internal static Samples ToSamples(JsonElement milliseconds)
    {
        var samples = new Samples();
        AddTo(samples, milliseconds);
        return samples;
    }

    private static void AddTo(Samples samples, JsonElement milliseconds)
    {
        foreach (var value in milliseconds.EnumerateArray())
        {
            samples.Add(TimeSpan.FromMilliseconds(value.GetDouble()));
        }
    }
}
