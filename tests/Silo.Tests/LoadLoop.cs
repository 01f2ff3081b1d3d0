using System.Collections.Concurrent;
using System.Diagnostics;
using Vibe.TestSupport;

namespace Vibe.Silo.Tests;

/// <summary>
/// Runs rounds of a <see cref="GreetingWorkload"/> back to back against the current target silos, noting for each
/// round when it started and ended on the kill's clock (null before the kill) and how many of its greetings failed.
/// </summary>
internal sealed class LoadLoop : IAsyncDisposable
{
    private readonly GreetingWorkload _workload;
    private readonly ConcurrentQueue<Round> _rounds = new();
    private readonly Task _task;
    private IReadOnlyList<ClusterMember> _targets;
    private Stopwatch? _sinceKill;
    private volatile bool _stopAfterCleanRound;
    private volatile bool _abandoned;
    private int _completed;

    public LoadLoop(GreetingWorkload workload, IReadOnlyList<ClusterMember> targets)
    {
        _workload = workload;
        _targets = targets;
        _task = Task.Run(RunAsync);
    }

    public int CompletedRounds
    {
        get
        {
            ThrowIfFaulted();
            return Volatile.Read(ref _completed);
        }
    }

    /// <summary>From the next round on, greets through <paramref name="survivors"/> only, timing rounds on <paramref name="sinceKill"/>.</summary>
    public void Retarget(IReadOnlyList<ClusterMember> survivors, Stopwatch sinceKill)
    {
        Volatile.Write(ref _targets, survivors);
        Volatile.Write(ref _sinceKill, sinceKill); // after the targets: a round that sees the clock also sees the survivors
    }

    /// <summary>When the first round that started at least <paramref name="since"/> after the kill ended with no failure; null if none has yet.</summary>
    public TimeSpan? FirstCleanRoundAfter(TimeSpan since)
    {
        ThrowIfFaulted();
        return _rounds.FirstOrDefault(r => r.StartedAt >= since && r.Failures == 0)?.EndedAt;
    }

    /// <summary>Lets the loop end after its next round with no failure; throws <see cref="TimeoutException"/> if that takes longer than <paramref name="bound"/>.</summary>
    public async Task StopAfterCleanRoundAsync(TimeSpan bound)
    {
        _stopAfterCleanRound = true;
        try
        {
            await _task.WaitAsync(bound);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Waited {bound.TotalSeconds:0} s for a round in which every greeting succeeds; the last rounds had {string.Join(", ", _rounds.TakeLast(5).Select(r => r.Failures))} failures.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _abandoned = true;
        try
        {
            await _task;
        }
        catch (Exception)
        {
            // Reported by whoever looked at the loop; disposing only makes sure no request is left running.
        }
    }

    private async Task RunAsync()
    {
        for (var round = 0; !_abandoned; round++)
        {
            var clock = Volatile.Read(ref _sinceKill);
            var targets = Volatile.Read(ref _targets);
            var startedAt = clock?.Elapsed;
            var failures = await _workload.RunRoundAsync(targets, round);
            _rounds.Enqueue(new Round(startedAt, clock?.Elapsed, failures));
            Interlocked.Increment(ref _completed);
            if (_stopAfterCleanRound && failures == 0)
            {
                return;
            }
        }
    }

    private void ThrowIfFaulted()
    {
        if (_task.IsFaulted)
        {
            _task.GetAwaiter().GetResult();
        }
    }

    private sealed record Round(TimeSpan? StartedAt, TimeSpan? EndedAt, int Failures);
}
