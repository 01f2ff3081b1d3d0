using Vibe.Grains.Interfaces.Accounts;
using Vibe.WebFront.Accounts;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// Applies a change of a user's access (a team membership removed or a role lowered, the account disabled, its password
/// changed) on every web silo at once: <see cref="RevokeAsync"/> forgets the cached account status and closes the user's
/// hub connections here, then tells the other web silos through <see cref="ISessionRevocationGrain"/>, which this silo
/// watches from start to stop (renewed with the other grain watches). A closed connection's client reconnects with a fresh
/// token and joins only what the user may still see; a token from before a password change is refused.
/// </summary>
internal sealed partial class SessionRevocations(
    IClusterClient cluster, AccountStatusCache status, HubSessions hubs, GrainWatchRenewal renewal, ILogger<SessionRevocations> logger)
    : IHostedService, ISessionRevocationObserver
{
    private ISessionRevocationObserver? _reference;
    private IDisposable? _renewal;

    private ISessionRevocationGrain Grain => cluster.GetGrain<ISessionRevocationGrain>(ISessionRevocationGrain.Key);

    /// <summary>Ends <paramref name="userId"/>'s hub connections and cached status on every web silo.</summary>
    public async Task RevokeAsync(Guid userId, CancellationToken cancellationToken)
    {
        Apply(userId);
        try
        {
            await Grain.Revoke(userId).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            // This silo has applied it; the others see the change when their cache expires and the user's next call checks it.
            LogRelayFailed(logger, userId, ex.GetType().Name, ex.Message);
        }
    }

    Task ISessionRevocationObserver.OnRevoked(Guid userId)
    {
        Apply(userId);
        return Task.CompletedTask;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var reference = _reference = cluster.CreateObjectReference<ISessionRevocationObserver>(this);
        _renewal = renewal.Add(() => Grain.Watch(reference));
        try
        {
            await Grain.Watch(reference).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            LogWatchFailed(logger, ex.GetType().Name, ex.Message); // renewed within a period
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _renewal?.Dispose();
        if (_reference is not { } reference)
        {
            return;
        }

        try
        {
            await Grain.Unwatch(reference).WaitAsync(cancellationToken);
            cluster.DeleteObjectReference<ISessionRevocationObserver>(reference);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The silo is stopping too: the watch lapses by itself within a minute, and the reference goes with the process.
        }
    }

    private void Apply(Guid userId)
    {
        status.Forget(userId);
        hubs.Close(userId);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the other web silos that user {UserId}'s access changed ({Exception}: {Reason}); they apply it within the account cache's freshness")]
    private static partial void LogRelayFailed(ILogger logger, Guid userId, string exception, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Could not watch session revocations yet ({Exception}: {Reason}); retrying with the next grain watch renewal")]
    private static partial void LogWatchFailed(ILogger logger, string exception, string reason);
}
