using System.Collections.Concurrent;
using Vibe.Actors.Streams;
using Vibe.Actors.Testing;

namespace Vibe.Grains.Tests.Fixtures;

/// <summary>Subscribes to a stream from outside any grain (as the web front does) and keeps what arrives.</summary>
public sealed class StreamRecorder<T> : IAsyncDisposable
{
    private readonly ConcurrentQueue<T> _items = new();
    private StreamSubscriptionHandle<T>? _handle;

    private StreamRecorder()
    {
    }

    public IReadOnlyList<T> Items => [.. _items];

    public static async Task<StreamRecorder<T>> SubscribeAsync(WorkspaceSilo silo, string streamNamespace, string key)
    {
        var recorder = new StreamRecorder<T>();
        var stream = silo.Services.GetStreamProvider(Workspaces.WorkspaceStreams.Provider).GetStream<T>(StreamId.Create(streamNamespace, key));
        recorder._handle = await stream.SubscribeAsync((item, _) =>
        {
            recorder._items.Enqueue(item);
            return Task.CompletedTask;
        });
        return recorder;
    }

    public Task WaitForAsync(Func<T, bool> predicate, string what, TimeSpan? timeout = null) =>
        Eventually.Until(() => _items.Any(predicate), what, timeout ?? TimeSpan.FromSeconds(20));

    public async ValueTask DisposeAsync()
    {
        if (_handle is not null)
        {
            await _handle.UnsubscribeAsync();
        }
    }
}
