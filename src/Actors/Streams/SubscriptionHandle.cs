using Vibe.Actors.Runtime;

namespace Vibe.Actors.Streams;

internal sealed class SubscriptionHandle<T>(InClusterStreamProvider provider, StreamId streamId, Guid handleId) : StreamSubscriptionHandle<T>
{
    public override Guid HandleId { get; } = handleId;

    public override StreamId StreamId { get; } = streamId;

    public override string ProviderName => provider.Name;

    public override async Task UnsubscribeAsync()
    {
        await provider.Rendezvous(StreamId).Unsubscribe(HandleId);
        RuntimeContext.CurrentActivation?.RemoveStreamObserver(HandleId);
        provider.Silo.StreamRegistry.RemoveObserver(HandleId);
    }

    public override Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncObserver<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (RuntimeContext.CurrentActivation is { } activation)
        {
            activation.SetStreamObserver(HandleId, observer);
        }
        else if (provider.Silo.StreamRegistry.FindObserver(HandleId) is not null)
        {
            provider.Silo.StreamRegistry.AddObserver(HandleId, new ObserverSubscription<T>(observer));
        }
        else
        {
            throw new InvalidOperationException($"Subscription {HandleId} to stream {StreamId} belongs to a grain or another silo; resume it there.");
        }

        return Task.FromResult<StreamSubscriptionHandle<T>>(this);
    }
}
