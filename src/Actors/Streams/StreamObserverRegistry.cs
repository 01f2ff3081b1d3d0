using System.Collections.Concurrent;

namespace Vibe.Actors.Streams;

/// <summary>
/// This silo's stream state: the plain observers subscribed here, and the subscriber lists of the streams
/// produced here (fetched from each stream's rendezvous grain, then kept current by it).
/// </summary>
internal sealed class StreamObserverRegistry : IStreamSiloTarget
{
    private readonly ConcurrentDictionary<Guid, IObserverSubscription> _observers = new();
    private readonly ConcurrentDictionary<string, List<StreamSubscriptionRecord>> _subscriptions = new(StringComparer.Ordinal);

    public void AddObserver(Guid handleId, IObserverSubscription observer) => _observers[handleId] = observer;

    public IObserverSubscription? FindObserver(Guid handleId) => _observers.GetValueOrDefault(handleId);

    public void RemoveObserver(Guid handleId) => _observers.TryRemove(handleId, out _);

    public bool TryGetSubscriptions(string streamKey, out List<StreamSubscriptionRecord>? subscriptions) =>
        _subscriptions.TryGetValue(streamKey, out subscriptions);

    public void SetSubscriptions(string streamKey, List<StreamSubscriptionRecord> subscriptions) => _subscriptions[streamKey] = subscriptions;

    public Task SubscriptionsChanged(string streamKey, List<StreamSubscriptionRecord> subscriptions)
    {
        _subscriptions[streamKey] = subscriptions;
        return Task.CompletedTask;
    }

    /// <summary>Hands an event to a local plain observer; an unknown handle was unsubscribed meanwhile.</summary>
    public Task DeliverAsync<T>(Guid handleId, StreamEvent<T> streamEvent) =>
        _observers.TryGetValue(handleId, out var observer) ? observer.DeliverAsync(streamEvent) : Task.CompletedTask;
}
