namespace Vibe.Grains.Interfaces.Documents;

/// <summary>
/// Receives a document's accepted updates, presence and notices, pushed by the document grain in the order they happened (see
/// <see cref="IDocumentGrain.Watch"/>): an edit reaching every editor has a latency budget that polled streams miss. An editor
/// that misses updates (its watcher was dropped, or the document moved, and the watch was renewed) sees the gap in
/// <see cref="DocumentUpdatesEvent.StartVersion"/> of the next event, or of the version notice its web silo sends when the
/// renewal says the watch was added again (<see cref="DocumentWatch.Added"/>), and pulls.
/// </summary>
[Alias("Vibe.IDocumentObserver")]
public interface IDocumentObserver : IGrainObserver
{
    /// <summary>Accepted updates, in version order. A watcher that takes longer than 5 s is dropped.</summary>
    [ResponseTimeout("00:00:05")]
    Task OnUpdates(DocumentUpdatesEvent updates);

    /// <summary>One client's cursors moved, or it left.</summary>
    [ResponseTimeout("00:00:05")]
    Task OnPresence(DocumentPresence presence);

    /// <summary>The file was deleted or moved, or the document was reloaded.</summary>
    [ResponseTimeout("00:00:05")]
    Task OnNotice(DocumentNotice notice);
}
