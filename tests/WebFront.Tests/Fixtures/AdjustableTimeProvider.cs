namespace Vibe.WebFront.Tests.Fixtures;

/// <summary>The system clock moved by <see cref="Offset"/>: replaces the app's TimeProvider where a test needs time to pass (lockouts, expiry).</summary>
public sealed class AdjustableTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
