namespace Vibe.Bench;

/// <summary>
/// The memory benchmarks' measurement: how much the managed heap grows per grain once grains are activated and left idle,
/// read after full collections on both sides so only what the grains keep alive is counted.
/// </summary>
internal static class HeapGrowth
{
    private const int Batch = 50;

    /// <summary>Managed heap growth per grain after activating grains 0..count-1 through <paramref name="activate"/>, 50 at a time.</summary>
    public static async Task<double> PerGrainAsync(int count, Func<int, Task> activate)
    {
        var before = FullyCollectedHeap();
        for (var first = 0; first < count; first += Batch)
        {
            await Task.WhenAll(Enumerable.Range(first, Math.Min(Batch, count - first)).Select(activate));
        }

        return (double)(FullyCollectedHeap() - before) / count;
    }

    /// <summary>The managed heap after a full, finalizer-draining collection.</summary>
    public static long FullyCollectedHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
