using System.Collections.Concurrent;
using Vibe.Grains.Documents;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// The document side of the fan-out: one watch per web silo of an open document's updates, presence and notices, shared by its
/// editors' connections (the document's group), and the documents each connection has open so its cursors can be removed
/// when it closes them or goes away.
/// </summary>
internal sealed partial class StreamFanOut
{
    private readonly ConcurrentDictionary<string, DocumentConnection> _documentConnections = new(StringComparer.Ordinal);

    /// <summary>Adds the connection to the document's group, watching its updates, presence and notices if it is the first.</summary>
    public Task JoinDocumentAsync(string connectionId, string documentKey) =>
        JoinAsync(connectionId, HubGroups.Document(documentKey), feed => SubscribeAllAsync(
            feed,
            subscriptions => WatchAsync<IDocumentGrain, IDocumentObserver>(
                feed, subscriptions, _cluster.GetGrain<IDocumentGrain>(documentKey), static (grain, watcher) => grain.Watch(watcher), static (grain, watcher) => grain.Unwatch(watcher))));

    public Task LeaveDocumentAsync(string connectionId, string documentKey) => LeaveAsync(connectionId, HubGroups.Document(documentKey));

    /// <summary>The documents the connection has open (an empty record on first use).</summary>
    public DocumentConnection DocumentsOf(string connectionId) =>
        _documentConnections.GetOrAdd(connectionId, static _ => new DocumentConnection());

    /// <summary>Removes the cursors of a connection that went away from every document it had open (its groups go with <see cref="LeaveAllAsync"/>).</summary>
    public async Task LeaveDocumentsAsync(string connectionId, IGrainFactory grains)
    {
        if (!_documentConnections.TryRemove(connectionId, out var documents))
        {
            return;
        }

        foreach (var leaving in documents.CloseAll())
        {
            try
            {
                await grains.GetGrain<IDocumentGrain>(leaving.DocumentKey).SetPresence(leaving);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The others keep a stale cursor until the document's presence is next reset; nothing else is lost.
                LogPresenceNotRemoved(_logger, ex, leaving.DocumentKey);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the cursors of a closed hub connection from document {DocumentKey}")]
    private static partial void LogPresenceNotRemoved(ILogger logger, Exception exception, string documentKey);
}
