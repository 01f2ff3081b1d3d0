using System.Collections.Concurrent;
using System.Diagnostics;

namespace Vibe.Bench.Agents;

/// <summary>
/// The gaps of agent runs' tool steps: from the moment the model's last event of a response that called a tool reached the
/// run (the response had ended) to the moment the run asked the model again. That is Vibe's time for the step: reading
/// the call, running the tool, recording and publishing its events, persisting the run, building the next request.
/// </summary>
internal sealed class StepClock
{
    private readonly ConcurrentQueue<(string Tool, TimeSpan Gap)> _gaps = new();

    /// <summary>Records one step: <paramref name="tool"/> was called by a response that ended at <paramref name="endedAt"/>.</summary>
    public void Record(string tool, long endedAt, long nextRequestAt) => _gaps.Enqueue((tool, Stopwatch.GetElapsedTime(endedAt, nextRequestAt)));

    /// <summary>Takes the gaps recorded so far.</summary>
    public List<(string Tool, TimeSpan Gap)> Drain()
    {
        var drained = new List<(string, TimeSpan)>();
        while (_gaps.TryDequeue(out var gap))
        {
            drained.Add(gap);
        }

        return drained;
    }
}
