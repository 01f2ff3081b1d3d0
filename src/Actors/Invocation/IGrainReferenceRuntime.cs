namespace Vibe.Actors.Invocation;

/// <summary>What a grain reference needs from the runtime to send its requests. Implemented by the silo.</summary>
public interface IGrainReferenceRuntime
{
    /// <summary>Sends <paramref name="request"/> to the grain <paramref name="target"/> refers to and waits for its result.</summary>
    ValueTask<TResult> InvokeAsync<TResult>(GrainReference target, Request<TResult> request);

    /// <summary>Sends <paramref name="request"/> and waits for it to complete.</summary>
    ValueTask InvokeAsync(GrainReference target, VoidRequest request);

    /// <summary>Sends <paramref name="request"/> without waiting for a response.</summary>
    void InvokeOneWay(GrainReference target, Request request);

    /// <summary>Starts a streaming call; items are pulled from the activation in batches as the caller enumerates.</summary>
    IAsyncEnumerable<TItem> InvokeStreamAsync<TItem>(GrainReference target, AsyncEnumerableRequest<TItem> request);

    /// <summary>Creates a reference of the interface type <paramref name="interfaceType"/> to <paramref name="grainId"/>.</summary>
    GrainReference CreateReference(Type interfaceType, GrainId grainId);
}
