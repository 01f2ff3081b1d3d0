using System.Collections.Concurrent;

namespace Vibe.Bench.Workspaces;

/// <summary>Total time and count per named call (a Docker runtime method, a storage write), to show where a start spends its time.</summary>
internal sealed class CallProfile
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>While false, calls are not recorded (the untimed parts of a round: deletes, baselines).</summary>
    public bool Enabled { get; set; } = true;

    public void Record(string name, TimeSpan elapsed)
    {
        if (!Enabled)
        {
            return;
        }

        var entry = _entries.GetOrAdd(name, static _ => new Entry());
        Interlocked.Increment(ref entry.Count);
        Interlocked.Add(ref entry.Ticks, elapsed.Ticks);
    }

    public void Reset() => _entries.Clear();

    /// <summary>Per named call: milliseconds and calls, each divided by <paramref name="per"/> (the number of starts measured).</summary>
    public IEnumerable<(string Name, double Milliseconds, double Calls)> PerOperation(int per) =>
        _entries
            .OrderByDescending(e => e.Value.Ticks)
            .Select(e => (e.Key, TimeSpan.FromTicks(e.Value.Ticks).TotalMilliseconds / per, (double)e.Value.Count / per));

    private sealed class Entry
    {
        public long Count;
        public long Ticks;
    }
}
