namespace Vibe.Bench;

/// <summary>What a benchmark run was asked for.</summary>
/// <param name="Quick">Fewer iterations, same code path: under a minute.</param>
/// <param name="RepositoryRoot">The repository, for benchmarks that start real processes.</param>
internal sealed record BenchmarkContext(bool Quick, string RepositoryRoot)
{
    /// <summary>How long each measured phase runs.</summary>
    public TimeSpan Phase => Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(10);

    /// <summary>How long each warm-up phase runs.</summary>
    public TimeSpan WarmUp => Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3);
}
