namespace Vibe.Actors.Tests.Grains;

public interface IConcurrencyProbeGrain : IGrainWithStringKey
{
    /// <summary>Holds the turn for <paramref name="delayMs"/>; returns how many requests were inside at once, at most.</summary>
    Task<int> Hold(int delayMs);

    [ReadOnly]
    Task<int> HoldReadOnly(int delayMs);

    [AlwaysInterleave]
    Task<int> HoldInterleaved(int delayMs);

    Task<int> MaxInside();

    /// <summary>How many times grain code was seen running on two threads at once (must stay 0).</summary>
    Task<int> ParallelViolations();
}

/// <summary>Counts overlapping requests, and checks that grain code never runs in parallel even when requests interleave.</summary>
public abstract class ConcurrencyProbeGrainBase : Grain, IConcurrencyProbeGrain
{
    private int _inside;
    private int _maxInside;
    private int _executing;
    private int _violations;

    public Task<int> Hold(int delayMs) => HoldCore(delayMs);

    public Task<int> HoldReadOnly(int delayMs) => HoldCore(delayMs);

    public Task<int> HoldInterleaved(int delayMs) => HoldCore(delayMs);

    public Task<int> MaxInside() => Task.FromResult(_maxInside);

    public Task<int> ParallelViolations() => Task.FromResult(_violations);

    private async Task<int> HoldCore(int delayMs)
    {
        Slice();
        _inside++;
        _maxInside = Math.Max(_maxInside, _inside);
        await Task.Delay(delayMs);
        Slice();
        _inside--;
        return _maxInside;
    }

    /// <summary>A synchronous slice of grain code: another thread inside it at the same time is a violation.</summary>
    private void Slice()
    {
        if (Interlocked.Increment(ref _executing) != 1)
        {
            Interlocked.Increment(ref _violations);
        }

        Thread.SpinWait(2000);
        Interlocked.Decrement(ref _executing);
    }
}

public sealed class ConcurrencyProbeGrain : ConcurrencyProbeGrainBase;

public interface IReentrantProbeGrain : IConcurrencyProbeGrain;

[Reentrant]
public sealed class ReentrantProbeGrain : ConcurrencyProbeGrainBase, IReentrantProbeGrain;
