using System.Collections.Concurrent;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// Renews this web silo's grain observer watches (terminal, document and log feeds) every <see cref="Period"/>, well within the
/// minute after which a grain drops a watch that was not renewed. A renewal also re-establishes a watch the grain lost, when
/// its activation moved to another silo or was collected and started again, so a feed is back within one period.
/// </summary>
internal sealed partial class GrainWatchRenewal(ILogger<GrainWatchRenewal> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<Registration, Func<Task>> _watches = new();

    /// <summary>The watches renewed now.</summary>
    public int Count => _watches.Count;

    /// <summary>Renews <paramref name="renew"/> every period until the returned registration is disposed.</summary>
    public IDisposable Add(Func<Task> renew)
    {
        var registration = new Registration(this);
        _watches[registration] = renew;
        return registration;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await Task.WhenAll(_watches.Values.Select(RenewAsync));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The web front is stopping: its connections, and with them the watches, are going away.
        }
    }

    private async Task RenewAsync(Func<Task> renew)
    {
        try
        {
            await renew();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The grain's silo may be going away; the next period tries again, on whichever silo hosts it then.
            LogRenewalFailed(logger, ex.GetType().Name, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Renewing a grain watch failed ({Exception}: {Reason}); retrying next period")]
    private static partial void LogRenewalFailed(ILogger logger, string exception, string reason);

    private sealed class Registration(GrainWatchRenewal owner) : IDisposable
    {
        public void Dispose() => owner._watches.TryRemove(this, out _);
    }
}
