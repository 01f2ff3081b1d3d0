namespace Vibe.Actors.Timers;

/// <summary>Base of the grain timers an activation keeps, so it can dispose them on deactivation.</summary>
internal abstract class GrainTimer : IGrainTimer
{
    public abstract void Change(TimeSpan dueTime, TimeSpan period);

    public abstract void Dispose();
}
