using Vibe.Bench;

var registry = new BenchmarkRegistry();
return await registry.RunAsync(args);
