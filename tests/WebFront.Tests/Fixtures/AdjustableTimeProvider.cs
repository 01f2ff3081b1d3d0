namespace Vibe.WebFront.Tests.Fixtures;

/// <summary>
/// The system clock moved by <see cref="Offset"/>, or stopped: replaces the app's TimeProvider where a test needs time to
/// pass (expiry, sign-in delays) or to stand still between requests however slowly the machine serves them.
/// </summary>
public sealed class AdjustableTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private TimeSpan _offset;
    private DateTimeOffset? _stoppedAt;

    public TimeSpan Offset
    {
        get
        {
            lock (_lock)
            {
                return _offset;
            }
        }
    }

    /// <summary>Stops the clock where it is; <see cref="Advance"/> still moves it.</summary>
    public AdjustableTimeProvider Stop()
    {
        lock (_lock)
        {
            _stoppedAt ??= base.GetUtcNow() + _offset;
        }

        return this;
    }

    public void Advance(TimeSpan by)
    {
        lock (_lock)
        {
            _offset += by;
            _stoppedAt += by;
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _stoppedAt ?? base.GetUtcNow() + _offset;
        }
    }
}
