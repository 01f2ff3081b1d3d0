using System.Collections.Concurrent;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// Renews this web silo's grain observer watches (terminal, document and log feeds) every <see cref="Period"/>, well within the
/// minute after which a grain drops a watch that was not renewed. A renewal also re-establishes a watch the grain lost, when
/// its activation moved to another silo or was collected and started again, so a feed is back within one period. A renewal
/// that fails (the grain's silo is going away, and the cluster has not counted it out yet) is retried after
/// <see cref="RetryDelays"/> rather than a whole period later, as is one asked for with <see cref="Registration.RenewSoon"/>.
/// </summary>
internal sealed partial class GrainWatchRenewal(ILogger<GrainWatchRenewal> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(15);

    /// <summary>The waits before each retry of a failed renewal; after the last, the next period tries again.</summary>
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)];

    private readonly ConcurrentDictionary<Registration, byte> _watches = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger<GrainWatchRenewal> _logger = logger;

    /// <summary>The watches renewed now.</summary>
    public int Count => _watches.Count;

    /// <summary>Renews <paramref name="renew"/> every period until the returned registration is disposed.</summary>
    public Registration Add(Func<Task> renew)
    {
        var registration = new Registration(this, renew);
        _watches[registration] = 0;
        return registration;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _stopping.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // The host was disposed before it was stopped (a test host disposed twice): nothing is left to stop.
        }

        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _stopping.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await Task.WhenAll(_watches.Keys.Select(static watch => watch.RenewAsync()));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The web front is stopping: its connections, and with them the watches, are going away.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Renewing a grain watch failed ({Exception}: {Reason}); retrying shortly")]
    private static partial void LogRenewalFailed(ILogger logger, string exception, string reason);

    /// <summary>One renewed watch; disposing it stops the renewals.</summary>
    public sealed class Registration : IDisposable
    {
        private readonly GrainWatchRenewal _owner;
        private readonly Func<Task> _renew;
        private int _retrying;

        internal Registration(GrainWatchRenewal owner, Func<Task> renew)
        {
            _owner = owner;
            _renew = renew;
        }

        /// <summary>
        /// Renews now, off the caller's path (the watch may have reached an activation that has since gone), retrying a failure
        /// as a periodic renewal does. A no-op while such a renewal is under way.
        /// </summary>
        public void RenewSoon() => StartRetries(TimeSpan.Zero);

        public void Dispose() => _owner._watches.TryRemove(this, out _);

        internal async Task RenewAsync()
        {
            if (!await TryRenewAsync())
            {
                StartRetries(RetryDelays[0]);
            }
        }

        private void StartRetries(TimeSpan firstDelay)
        {
            if (Interlocked.Exchange(ref _retrying, 1) == 0)
            {
                _ = RetryAsync(firstDelay);
            }
        }

        private async Task RetryAsync(TimeSpan firstDelay)
        {
            try
            {
                var stopping = _owner._stopping.Token;
                for (var attempt = 0; attempt <= RetryDelays.Length; attempt++)
                {
                    await Task.Delay(attempt == 0 ? firstDelay : RetryDelays[attempt - 1], stopping);
                    if (!_owner._watches.ContainsKey(this) || await TryRenewAsync())
                    {
                        return; // disposed, or renewed
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                // The web front is stopping.
            }
            finally
            {
                Volatile.Write(ref _retrying, 0);
            }
        }

        private async Task<bool> TryRenewAsync()
        {
            try
            {
                await _renew();
                return true;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The grain's silo may be going away; a retry finds whichever silo hosts it then.
                LogRenewalFailed(_owner._logger, ex.GetType().Name, ex.Message);
                return false;
            }
        }
    }
}
