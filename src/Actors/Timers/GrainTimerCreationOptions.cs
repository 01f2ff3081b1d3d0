namespace Vibe.Actors;

/// <summary>Options for <see cref="Grain.RegisterGrainTimer{TState}(Func{TState, CancellationToken, Task}, TState, GrainTimerCreationOptions)"/>.</summary>
public readonly record struct GrainTimerCreationOptions
{
    public GrainTimerCreationOptions(TimeSpan dueTime, TimeSpan period)
    {
        DueTime = dueTime;
        Period = period;
    }

    /// <summary>Time until the first tick; <see cref="Timeout.InfiniteTimeSpan"/> keeps the timer stopped.</summary>
    public TimeSpan DueTime { get; init; }

    /// <summary>Time from the end of one tick to the start of the next; <see cref="Timeout.InfiniteTimeSpan"/> fires once.</summary>
    public TimeSpan Period { get; init; }

    /// <summary>Whether ticks may interleave with other requests (default false: a tick is a turn like any request).</summary>
    public bool Interleave { get; init; }

    /// <summary>Whether a tick counts as activity and keeps the activation from being collected (default false).</summary>
    public bool KeepAlive { get; init; }
}

/// <summary>A grain timer. Disposing it stops future ticks.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Changes the due time and period.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
