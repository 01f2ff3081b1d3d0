using Microsoft.Extensions.Logging;
using Vibe.Grains.Interfaces.Accounts;
using Vibe.Grains.Placement;

namespace Vibe.Grains.Accounts;

/// <summary>The one activation that relays <see cref="ISessionRevocationGrain.Revoke"/> to every watching web silo.</summary>
[GrainSiloPlacementFilter]
internal sealed class SessionRevocationGrain(ILogger<SessionRevocationGrain> logger) : Grain, ISessionRevocationGrain
{
    private readonly GrainObservers<ISessionRevocationObserver> _watchers = new(logger);

    public Task Watch(ISessionRevocationObserver observer)
    {
        _watchers.Subscribe(observer);
        return Task.CompletedTask;
    }

    public Task Unwatch(ISessionRevocationObserver observer)
    {
        _watchers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task Revoke(Guid userId) => _watchers.NotifyAsync(watcher => watcher.OnRevoked(userId));
}
