using System.Collections.Concurrent;
using System.Diagnostics;

namespace Vibe.Bench.Agents;

/// <summary>
/// The agent runs' tool steps, each as its gap and the tool's work within it. The gap runs from the moment the model's last
/// event of a response that called a tool reached the run (the response had ended) to the moment the run asked the model
/// again: reading the call, running the tool, recording and publishing its events, persisting the run, building the next
/// request. The work is the time the run waited, within the gap, for the calls the direct baseline makes too
/// (<see cref="ToolWorkTimer"/>); the rest of the gap is Vibe's own time for the step.
/// </summary>
internal sealed class StepClock
{
    private readonly ConcurrentQueue<AgentStep> _steps = new();
    private long _workTicks;

    /// <summary>Adds to the current step's work: a call the tool made that the direct baseline makes too took <paramref name="elapsed"/>.</summary>
    public void AddWork(TimeSpan elapsed) => Interlocked.Add(ref _workTicks, elapsed.Ticks);

    /// <summary>Records one step: <paramref name="tool"/> was called by a response that ended at <paramref name="endedAt"/>.</summary>
    public void Record(string tool, long endedAt, long nextRequestAt) =>
        _steps.Enqueue(new AgentStep(tool, Stopwatch.GetElapsedTime(endedAt, nextRequestAt), TakeWork()));

    /// <summary>A response that called no tool ended: the work counted since the last step belongs to no step.</summary>
    public void Discard() => TakeWork();

    /// <summary>Takes the steps recorded so far.</summary>
    public List<AgentStep> Drain()
    {
        var drained = new List<AgentStep>();
        while (_steps.TryDequeue(out var step))
        {
            drained.Add(step);
        }

        return drained;
    }

    private TimeSpan TakeWork() => TimeSpan.FromTicks(Interlocked.Exchange(ref _workTicks, 0));
}
