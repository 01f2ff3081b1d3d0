using Vibe.Bench;
using Vibe.Bench.Preview;

// preview-throughput runs its bare proxies as a child process of the bench: this is that child.
if (args is [BareProxies.Argument, var target])
{
    return await BareProxies.RunAsync(new Uri(target));
}

var registry = new BenchmarkRegistry(
[
    new Vibe.Bench.Calls.LocalCallsBenchmark(),
    new Vibe.Bench.Calls.GrainToGrainBenchmark(),
    new Vibe.Bench.Cluster.RemoteCallsBenchmark(),
    new Vibe.Bench.Cluster.FailoverBenchmark(),
    new Vibe.Bench.Workspaces.WorkspaceStartBenchmark(warmOnly: false),
    new Vibe.Bench.Workspaces.WorkspaceStartBenchmark(warmOnly: true),
    new Vibe.Bench.Workspaces.WorkspaceStart100Benchmark(),
    new Vibe.Bench.Workspaces.WorkspaceIdleMemoryBenchmark(),
    new Vibe.Bench.Terminals.TerminalEchoBenchmark(),
    new Vibe.Bench.Hubs.LogLatencyBenchmark(),
    new Vibe.Bench.Api.ApiListBenchmark(),
    new Vibe.Bench.Api.ApiStartBenchmark(),
    new Vibe.Bench.Documents.EditFanoutBenchmark(), new Vibe.Bench.Documents.DocPushRateBenchmark(), new Vibe.Bench.Documents.DocMemoryBenchmark(),
    new Vibe.Bench.Agents.AgentStepOverheadBenchmark(),
    new Vibe.Bench.Cli.CliExecBenchmark(),
    new Vibe.Bench.Preview.PreviewBenchmark(throughput: false),
    new Vibe.Bench.Preview.PreviewBenchmark(throughput: true),
    new Vibe.Bench.Preview.PreviewWakeBenchmark(),
    new Vibe.Bench.Streams.StreamLatencyBenchmark(),
    new Vibe.Bench.Streams.StreamThroughputBenchmark(),
]);
return await registry.RunAsync(args);
