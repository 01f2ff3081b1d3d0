namespace Vibe.Bench;

/// <summary>One named benchmark: it measures its figure and its baseline in the same run.</summary>
internal interface IBenchmark
{
    string Name { get; }

    string Description { get; }

    Task<BenchmarkResult> RunAsync(BenchmarkContext context);
}
