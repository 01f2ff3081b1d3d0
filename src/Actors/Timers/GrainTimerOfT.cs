using Microsoft.Extensions.Logging;
using Vibe.Actors.Invocation;
using Vibe.Actors.Runtime;

namespace Vibe.Actors.Timers;

/// <summary>
/// A grain timer: each tick is queued to the activation as a request, so it runs as a turn and does not
/// interleave with other requests unless asked to. The next tick is scheduled when the previous one ends.
/// </summary>
internal sealed partial class GrainTimer<TState> : GrainTimer
{
    private readonly ActivationData _activation;
    private readonly Func<TState, CancellationToken, Task> _callback;
    private readonly TState _state;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Timer _timer;
    private readonly ILogger _logger;
    private TimeSpan _period;

    public GrainTimer(ActivationData activation, Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options, ILogger logger)
    {
        _activation = activation;
        _callback = callback;
        _state = state;
        _period = options.Period;
        _logger = logger;
        Options = options;
        _timer = new Timer(static s => ((GrainTimer<TState>)s!).OnDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public GrainTimerCreationOptions Options { get; }

    public void Start() => Arm(Options.DueTime);

    public override void Change(TimeSpan dueTime, TimeSpan period)
    {
        _period = period;
        Arm(dueTime);
    }

    public override void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        _timer.Dispose();
        _activation.RemoveTimer(this);
    }

    private void Arm(TimeSpan dueTime)
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        try
        {
            _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed concurrently: no more ticks.
        }
    }

    private void OnDue()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        var tick = new TickRequest(this) { Target = _activation.GrainId };
        if (!_activation.Enqueue(tick))
        {
            Dispose();
        }
    }

    private async ValueTask TickAsync()
    {
        try
        {
            await _callback(_state, _disposed.Token);
        }
        catch (Exception ex) when (!_disposed.IsCancellationRequested)
        {
            LogTickFailed(_logger, ex, _activation.GrainId);
        }
        finally
        {
            if (_period != Timeout.InfiniteTimeSpan)
            {
                Arm(_period);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A timer tick of grain {GrainId} failed")]
    private static partial void LogTickFailed(ILogger logger, Exception ex, GrainId grainId);

    private sealed class TickRequest(GrainTimer<TState> timer) : LocalRequest
    {
        public override string MethodName => "timer tick";

        public override InvokeFlags Flags => timer.Options.Interleave ? InvokeFlags.AlwaysInterleave : InvokeFlags.None;

        internal override bool KeepsAlive => timer.Options.KeepAlive;

        internal override bool IsBoundToActivation => true;

        protected override ValueTask InvokeCore(object target) => timer.TickAsync();
    }
}
