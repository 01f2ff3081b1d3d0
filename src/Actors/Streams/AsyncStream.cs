using Vibe.Actors.Runtime;

namespace Vibe.Actors.Streams;

/// <summary>A handle to one stream of an <see cref="InClusterStreamProvider"/>.</summary>
internal sealed class AsyncStream<T>(InClusterStreamProvider provider, StreamId streamId) : IAsyncStream<T>
{
    private readonly string _key = StreamProviderNames.RendezvousKey(provider.Name, streamId);
    private long _sequence;
    private Task _pendingFetch = Task.CompletedTask;

    public StreamId StreamId { get; } = streamId;

    public string ProviderName => provider.Name;

    public Task OnNextAsync(T item, StreamSequenceToken? token = null) =>
        DeliverAsync(new StreamEvent<T>(StreamEventKind.Next, item, token ?? new StreamSequenceToken(Interlocked.Increment(ref _sequence)), null));

    public Task OnCompletedAsync() => DeliverAsync(new StreamEvent<T>(StreamEventKind.Completed, default!, null, null));

    public Task OnErrorAsync(Exception ex) => DeliverAsync(new StreamEvent<T>(StreamEventKind.Error, default!, null, ex));

    public async Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var handleId = Guid.NewGuid();
        var silo = provider.Silo;
        StreamSubscriptionRecord record;
        if (RuntimeContext.CurrentActivation is { } activation)
        {
            activation.SetStreamObserver(handleId, observer);
            record = new StreamSubscriptionRecord(handleId, activation.GrainId, null);
        }
        else
        {
            silo.StreamRegistry.AddObserver(handleId, new ObserverSubscription<T>(observer));
            record = new StreamSubscriptionRecord(handleId, null, silo.LocalSiloKey);
        }

        await provider.Rendezvous(StreamId).Subscribe(record);
        return new SubscriptionHandle<T>(provider, StreamId, handleId);
    }

    public async Task<IList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandles()
    {
        var grain = RuntimeContext.CurrentActivation?.GrainId;
        if (grain is null)
        {
            return [];
        }

        var subscriptions = await provider.Rendezvous(StreamId).GetSubscriptions(null);
        return [.. subscriptions.Where(s => s.Grain == grain).Select(s => new SubscriptionHandle<T>(provider, StreamId, s.HandleId))];
    }

    private Task DeliverAsync(StreamEvent<T> streamEvent)
    {
        var registry = provider.Silo.StreamRegistry;
        lock (this)
        {
            // Until the subscriber list is known, events wait in order behind its fetch, so a producer that
            // does not await each event still has them delivered in the order it produced them.
            if (_pendingFetch.IsCompleted && registry.TryGetSubscriptions(_key, out var known))
            {
                return DeliverToAllAsync(known!, streamEvent);
            }

            var previous = _pendingFetch;
            var next = DeliverAfterAsync(previous, streamEvent);
            _pendingFetch = next;
            return next;
        }
    }

    private async Task DeliverAfterAsync(Task previous, StreamEvent<T> streamEvent)
    {
        try
        {
            await previous;
        }
        catch (Exception ex) when (ex is ActorRuntimeException or TimeoutException)
        {
            // The earlier event reported its own failure.
        }

        var silo = provider.Silo;
        if (!silo.StreamRegistry.TryGetSubscriptions(_key, out var subscriptions))
        {
            subscriptions = await provider.Rendezvous(StreamId).GetSubscriptions(silo.LocalSiloKey);
            silo.StreamRegistry.SetSubscriptions(_key, subscriptions);
        }

        await DeliverToAllAsync(subscriptions!, streamEvent);
    }

    private async Task DeliverToAllAsync(List<StreamSubscriptionRecord> subscriptions, StreamEvent<T> streamEvent)
    {
        switch (subscriptions.Count)
        {
            case 0:
                return;
            case 1:
                await DeliverOneAsync(subscriptions[0], streamEvent);
                return;
            default:
                var deliveries = new Task[subscriptions.Count];
                for (var i = 0; i < deliveries.Length; i++)
                {
                    deliveries[i] = DeliverOneAsync(subscriptions[i], streamEvent);
                }

                await Task.WhenAll(deliveries);
                return;
        }
    }

    private async Task DeliverOneAsync(StreamSubscriptionRecord subscription, StreamEvent<T> streamEvent)
    {
        var silo = provider.Silo;
        var request = new StreamEventRequest<T> { Provider = provider.Name, StreamId = StreamId, HandleId = subscription.HandleId, Event = streamEvent };
        if (subscription.Grain is { } grain)
        {
            silo.SendToGrain(grain, request);
            await request.AsValueTask();
            return;
        }

        if (!silo.IsSiloAlive(subscription.Silo!))
        {
            // The observer's silo is gone, and its subscription with it.
            _ = provider.Rendezvous(StreamId).Unsubscribe(subscription.HandleId);
            return;
        }

        silo.SendToGrain(silo.StreamRegistryId(subscription.Silo!), request);
        try
        {
            await request.AsValueTask();
        }
        catch (SiloUnavailableException)
        {
            _ = provider.Rendezvous(StreamId).Unsubscribe(subscription.HandleId);
        }
    }
}
