using Vibe.Bench;

var registry = new BenchmarkRegistry([new Vibe.Bench.Streams.StreamLatencyBenchmark(), new Vibe.Bench.Streams.StreamThroughputBenchmark()]);
return await registry.RunAsync(args);
