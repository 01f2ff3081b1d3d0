namespace Vibe.Actors.Streams;

/// <summary>A handle to a stream: produce into it and subscribe to it, from grains or from plain objects.</summary>
public interface IAsyncStream<T>
{
    StreamId StreamId { get; }

    string ProviderName { get; }

    /// <summary>Delivers <paramref name="item"/> to every subscriber; completes when all have received it. Events from one producer arrive in order.</summary>
    Task OnNextAsync(T item, StreamSequenceToken? token = null);

    Task OnCompletedAsync();

    Task OnErrorAsync(Exception ex);

    /// <summary>Subscribes <paramref name="observer"/>. From a grain, the subscription outlives the activation: resume it with <see cref="GetAllSubscriptionHandles"/>.</summary>
    Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer);

    /// <summary>The caller's existing subscriptions to this stream (a grain's survive its deactivation).</summary>
    Task<IList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandles();
}
