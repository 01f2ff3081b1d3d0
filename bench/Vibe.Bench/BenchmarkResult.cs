using System.Globalization;
using System.Text.Json;

namespace Vibe.Bench;

/// <summary>A benchmark's figure, its baseline from the same run, and extra figures worth printing.</summary>
internal sealed record BenchmarkResult(string Name, double Value, string Unit, double? Baseline = null, double? P50 = null, double? P99 = null)
{
    public Dictionary<string, double> Extra { get; init; } = [];

    /// <summary>Lines printed (as comments) before the figures: what was measured and how.</summary>
    public List<string> Notes { get; init; } = [];

    public double? Ratio => Baseline is > 0 ? Value / Baseline : null;

    /// <summary>The last line of a run, in the format of shared/BENCHMARKS.md.</summary>
    public string ToLine()
    {
        var parts = new List<string> { Name, $"value={Format(Value)}", $"unit={Unit}" };
        if (Baseline is { } baseline)
        {
            parts.Add($"baseline={Format(baseline)}");
        }

        if (Ratio is { } ratio)
        {
            parts.Add($"ratio={ratio.ToString("0.###", CultureInfo.InvariantCulture)}");
        }

        if (P50 is { } p50)
        {
            parts.Add($"p50={Format(p50)}");
        }

        if (P99 is { } p99)
        {
            parts.Add($"p99={Format(p99)}");
        }

        return string.Join(' ', parts);
    }

    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        var document = new Dictionary<string, object?>
        {
            ["name"] = Name,
            ["value"] = Value,
            ["unit"] = Unit,
            ["baseline"] = Baseline,
            ["ratio"] = Ratio,
            ["p50"] = P50,
            ["p99"] = P99,
            ["extra"] = Extra,
            ["notes"] = Notes,
            ["cores"] = Environment.ProcessorCount,
            ["date"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
        File.WriteAllText(Path.Combine(directory, $"{Name}.json"), JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
    }

    internal static string Format(double value) =>
        Math.Abs(value) >= 1000 ? value.ToString("0", CultureInfo.InvariantCulture) : value.ToString("0.###", CultureInfo.InvariantCulture);
}
