using System.Collections.Concurrent;
using Vibe.Grains.Interfaces.Documents;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// The document side of the fan-out: one watch per web silo of an open document's updates, presence and notices, shared by its
/// editors' connections (the document's group). Which documents a connection has open, and its cursors there, are
/// <see cref="OpenDocuments"/>' business.
/// </summary>
internal sealed partial class StreamFanOut
{
    private readonly ConcurrentDictionary<string, DocumentWatcher> _documentWatchers = new(StringComparer.Ordinal);

    /// <summary>Adds the connection to the document's group, watching its updates, presence and notices if it is the first.</summary>
    public Task JoinDocumentAsync(string connectionId, string documentKey) =>
        JoinAsync(connectionId, HubGroups.Document(documentKey), feed => SubscribeAllAsync(feed, subscriptions => WatchDocumentAsync(feed, subscriptions, documentKey)));

    public Task LeaveDocumentAsync(string connectionId, string documentKey) => LeaveAsync(connectionId, HubGroups.Document(documentKey));

    /// <summary>
    /// A push through this silo was taken by <paramref name="activation"/> of the document. When this silo's watch reached
    /// another (the document moved or started again, and the new activation does not know the watch yet), the watch is
    /// renewed now rather than at the next period, and its editors are told to pull what they missed meanwhile.
    /// </summary>
    public void DocumentPushed(string documentKey, Guid activation)
    {
        if (_documentWatchers.TryGetValue(documentKey, out var watcher))
        {
            watcher.Reached(activation);
        }
    }

    private async Task WatchDocumentAsync(SharedFeed feed, List<Func<Task>> subscriptions, string documentKey)
    {
        var watcher = new DocumentWatcher(feed, documentKey);
        watcher.Renewal = await WatchAsync<IDocumentGrain, IDocumentObserver>(
            feed, subscriptions, _cluster.GetGrain<IDocumentGrain>(documentKey), watcher.WatchAsync, static (grain, observer) => grain.Unwatch(observer));
        _documentWatchers[documentKey] = watcher;
        var unwatch = subscriptions[^1]; // still one subscription of the feed: releasing it forgets the watcher too
        subscriptions[^1] = () =>
        {
            _documentWatchers.TryRemove(KeyValuePair.Create(documentKey, watcher));
            return unwatch();
        };
    }

    /// <summary>
    /// This silo's watch of one document: the activation it reached, so a push taken by another one renews it at once, and
    /// a watch the grain added back (a new activation, or one that had dropped this silo) tells the editors to pull: an empty
    /// <c>documentUpdates</c> event at the document's version, which an editor behind it takes as a gap (as after any missed event).
    /// </summary>
    private sealed class DocumentWatcher(SharedFeed feed, string documentKey)
    {
        private readonly Lock _gate = new();
        private Guid _activation;
        private bool _watched;

        public GrainWatchRenewal.Registration? Renewal { get; set; }

        public async Task WatchAsync(IDocumentGrain grain, IDocumentObserver observer)
        {
            var watch = await grain.Watch(observer);
            bool missed;
            lock (_gate)
            {
                missed = watch.Added && _watched;
                _watched = true;
                _activation = watch.Activation;
            }

            if (missed)
            {
                await feed.PostAsync(new HubEvent(HubClientMethods.DocumentUpdates, DocumentUpdatesMessage.From(new DocumentUpdatesEvent(documentKey, watch.Version, []))));
            }
        }

        public void Reached(Guid activation)
        {
            lock (_gate)
            {
                if (!_watched || activation == _activation)
                {
                    return;
                }
            }

            Renewal?.RenewSoon();
        }
    }
}
