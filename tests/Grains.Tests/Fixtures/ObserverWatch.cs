namespace Vibe.Grains.Tests.Fixtures;

/// <summary>
/// Registers a grain observer through the cluster client (as the web front does) and renews the watch every 15 s, since a grain
/// drops watchers not renewed within a minute. The returned stop ends the renewal, unwatches and releases the reference.
/// </summary>
public static class ObserverWatch
{
    private static readonly TimeSpan RenewalPeriod = TimeSpan.FromSeconds(15);

    public static async Task<Func<Task>> StartAsync<TObserver>(IClusterClient client, TObserver observer, Func<TObserver, Task> watch, Func<TObserver, Task> unwatch)
        where TObserver : class, IGrainObserver
    {
        var reference = client.CreateObjectReference<TObserver>(observer);
        await watch(reference);
        var stop = new CancellationTokenSource();
        var renewal = RenewAsync(reference, watch, stop.Token);
        return async () =>
        {
            await stop.CancelAsync();
            await renewal;
            try
            {
                await unwatch(reference);
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException or ObjectDisposedException or OperationCanceledException)
            {
                // The grain's silo is gone already: there is nothing left to unwatch.
            }

            client.DeleteObjectReference<TObserver>(reference);
            stop.Dispose();
            GC.KeepAlive(observer); // the client holds observers weakly
        };
    }

    private static async Task RenewAsync<TObserver>(TObserver reference, Func<TObserver, Task> watch, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(RenewalPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await watch(reference);
                }
                catch (Exception ex) when (ex is OrleansException or TimeoutException)
                {
                    // A silo is going away; the next renewal reaches the grain wherever it lives then.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }
}
