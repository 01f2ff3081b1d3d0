namespace Vibe.Actors.Streams;

/// <summary>Subscribes with delegates instead of an <see cref="IAsyncObserver{T}"/>.</summary>
public static class AsyncStreamExtensions
{
    public static Task<StreamSubscriptionHandle<T>> SubscribeAsync<T>(this IAsyncStream<T> stream, Func<T, StreamSequenceToken?, Task> onNext, Func<Exception, Task>? onError = null, Func<Task>? onCompleted = null) =>
        stream.SubscribeAsync(new DelegateObserver<T>(onNext, onError, onCompleted));

    public static Task<StreamSubscriptionHandle<T>> ResumeAsync<T>(this StreamSubscriptionHandle<T> handle, Func<T, StreamSequenceToken?, Task> onNext, Func<Exception, Task>? onError = null, Func<Task>? onCompleted = null) =>
        handle.ResumeAsync(new DelegateObserver<T>(onNext, onError, onCompleted));

    private sealed class DelegateObserver<T>(Func<T, StreamSequenceToken?, Task> onNext, Func<Exception, Task>? onError, Func<Task>? onCompleted) : IAsyncObserver<T>
    {
        public Task OnNextAsync(T item, StreamSequenceToken? token = null) => onNext(item, token);

        public Task OnCompletedAsync() => onCompleted?.Invoke() ?? Task.CompletedTask;

        public Task OnErrorAsync(Exception ex) => onError?.Invoke(ex) ?? Task.CompletedTask;
    }
}
