using System.Collections.Concurrent;

namespace Vibe.Grains.Tests.Fixtures;

/// <summary>What a stream subscription or a grain observer received, in arrival order; disposing it ends the subscription.</summary>
public sealed class Recording<T> : IAsyncDisposable
{
    private readonly ConcurrentQueue<T> _items = new();
    private Func<Task>? _stop;

    public IReadOnlyList<T> Items => [.. _items];

    public Task WaitForAsync(Func<T, bool> predicate, string what, TimeSpan? timeout = null) =>
        Eventually.Until(() => _items.Any(predicate), what, timeout ?? TimeSpan.FromSeconds(20));

    internal void Add(T item) => _items.Enqueue(item);

    internal void StopWith(Func<Task> stop) => _stop = stop;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stop, null) is { } stop)
        {
            await stop();
        }
    }
}
