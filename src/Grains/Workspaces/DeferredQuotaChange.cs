namespace Vibe.Grains.Workspaces;

/// <summary>
/// A quota change the workspace grain decides while it activates, carried out on a timer turn right after: during
/// activation the quota grain may be the one activating it, waiting on it, so calling it then would deadlock. Only the
/// latest change decided before the timer fires counts.
/// </summary>
internal sealed class DeferredQuotaChange
{
    private IGrainTimer? _timer;
    private WorkspaceQuotaChange _pending;

    /// <summary>Has <paramref name="apply"/> carry out <paramref name="change"/> on <paramref name="grain"/>'s next timer turn. Call it from a grain turn.</summary>
    public void Defer(IGrainBase grain, WorkspaceQuotaChange change, Func<WorkspaceQuotaChange, Task> apply)
    {
        _pending = change;
        _timer ??= grain.RegisterGrainTimer(
            async _ =>
            {
                var pending = _pending;
                _pending = WorkspaceQuotaChange.None;
                _timer?.Dispose();
                _timer = null;
                await apply(pending);
            },
            TimeSpan.Zero,
            Timeout.InfiniteTimeSpan);
    }
}
