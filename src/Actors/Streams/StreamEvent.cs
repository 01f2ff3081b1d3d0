namespace Vibe.Actors.Streams;

internal enum StreamEventKind
{
    Next,
    Completed,
    Error,
}

/// <summary>An event on its way to a subscriber.</summary>
internal readonly record struct StreamEvent<T>(StreamEventKind Kind, T Item, StreamSequenceToken? Token, Exception? Error)
{
    public Task DispatchTo(IAsyncObserver<T> observer) => Kind switch
    {
        StreamEventKind.Next => observer.OnNextAsync(Item, Token),
        StreamEventKind.Completed => observer.OnCompletedAsync(),
        _ => observer.OnErrorAsync(Error!),
    };
}
