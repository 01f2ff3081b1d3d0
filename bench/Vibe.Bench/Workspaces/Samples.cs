namespace Vibe.Bench.Workspaces;

/// <summary>Durations in milliseconds with nearest-rank percentiles (with 50 samples, p99 is the slowest).</summary>
internal sealed class Samples
{
    private readonly List<double> _milliseconds = [];

    public int Count => _milliseconds.Count;

    public double P50 => Percentile(0.50);

    public double P99 => Percentile(0.99);

    public double Mean => _milliseconds.Count == 0 ? 0 : _milliseconds.Average();

    public void Add(TimeSpan elapsed) => _milliseconds.Add(elapsed.TotalMilliseconds);

    public double Percentile(double p)
    {
        if (_milliseconds.Count == 0)
        {
            return 0;
        }

        var sorted = _milliseconds.Order().ToArray();
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
