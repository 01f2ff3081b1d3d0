namespace Vibe.Actors.Streams;

/// <summary>
/// A plain object's subscription. Events are handed to the observer one at a time, in the order they were
/// produced, on the thread pool (never on the producer's activation).
/// </summary>
internal sealed class ObserverSubscription<TItem>(IAsyncObserver<TItem> observer) : IObserverSubscription
{
    private readonly Queue<(StreamEvent<TItem> Event, TaskCompletionSource Done)> _queue = new();
    private IAsyncObserver<TItem> _observer = observer;
    private bool _pumping;

    public void Replace(IAsyncObserver<TItem> observer) => _observer = observer;

    public Task DeliverAsync<T>(StreamEvent<T> streamEvent)
    {
        if (streamEvent is not StreamEvent<TItem> typed)
        {
            return Task.FromException(new InvalidCastException($"A stream of {typeof(TItem).Name} subscriber received an event of {typeof(T).Name}; produce and subscribe with the same item type."));
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_queue)
        {
            _queue.Enqueue((typed, done));
            start = !_pumping;
            _pumping = true;
        }

        if (start)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static s => _ = s.PumpAsync(), this, preferLocal: false);
        }

        return done.Task;
    }

    private async Task PumpAsync()
    {
        while (true)
        {
            (StreamEvent<TItem> Event, TaskCompletionSource Done) next;
            lock (_queue)
            {
                if (!_queue.TryDequeue(out next))
                {
                    _pumping = false;
                    return;
                }
            }

            try
            {
                await next.Event.DispatchTo(_observer);
                next.Done.TrySetResult();
            }
            catch (Exception ex)
            {
                next.Done.TrySetException(ex);
            }
        }
    }
}
