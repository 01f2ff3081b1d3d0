using System.Collections.Concurrent;
using Vibe.Grains.Interfaces.Documents;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// The cursor bookkeeping of this web silo's hub connections: which documents each one has open and the cursors it shows
/// there (a <see cref="DocumentConnection"/> per connection), so that closing a document, or the connection going away,
/// removes exactly the cursors it showed. The events themselves reach editors through <see cref="StreamFanOut"/>.
/// </summary>
internal sealed partial class OpenDocuments(IGrainFactory grains, ILogger<OpenDocuments> logger)
{
    private readonly ConcurrentDictionary<string, DocumentConnection> _connections = new(StringComparer.Ordinal);

    /// <summary>Whether the connection has a record here (one that went away has none).</summary>
    public bool Knows(string connectionId) => _connections.ContainsKey(connectionId);

    /// <summary>The documents the connection has open (an empty record on first use).</summary>
    public DocumentConnection Of(string connectionId) =>
        _connections.GetOrAdd(connectionId, static _ => new DocumentConnection());

    /// <summary>Forgets the document for the connection and removes the cursors it showed there.</summary>
    public async Task CloseAsync(string connectionId, string documentKey)
    {
        if (!_connections.TryGetValue(connectionId, out var documents))
        {
            return;
        }

        foreach (var leaving in documents.Close(documentKey))
        {
            await grains.GetGrain<IDocumentGrain>(documentKey).SetPresence(leaving);
        }
    }

    /// <summary>Forgets a connection that went away and removes its cursors from every document it had open.</summary>
    public async Task LeaveAllAsync(string connectionId)
    {
        if (!_connections.TryRemove(connectionId, out var documents))
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
                LogPresenceNotRemoved(logger, ex, leaving.DocumentKey);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the cursors of a closed hub connection from document {DocumentKey}")]
    private static partial void LogPresenceNotRemoved(ILogger logger, Exception exception, string documentKey);
}
