using Vibe.Grains.Interfaces.Documents;

namespace Vibe.Grains.Tests.Fixtures;

/// <summary>A document's watcher (<see cref="IDocumentObserver"/>) recording its updates, presence or notices.</summary>
public sealed class DocumentRecorder : IDocumentObserver
{
    private readonly Recording<DocumentUpdatesEvent>? _updates;
    private readonly Recording<DocumentPresence>? _presence;
    private readonly Recording<DocumentNotice>? _notices;

    private DocumentRecorder(Recording<DocumentUpdatesEvent>? updates, Recording<DocumentPresence>? presence, Recording<DocumentNotice>? notices)
    {
        _updates = updates;
        _presence = presence;
        _notices = notices;
    }

    public static async Task<Recording<DocumentUpdatesEvent>> RecordUpdatesAsync(WorkspaceSilo silo, string documentKey)
    {
        var recording = new Recording<DocumentUpdatesEvent>();
        recording.StopWith(await WatchAsync(silo, documentKey, new DocumentRecorder(recording, null, null)));
        return recording;
    }

    public static async Task<Recording<DocumentPresence>> RecordPresenceAsync(WorkspaceSilo silo, string documentKey)
    {
        var recording = new Recording<DocumentPresence>();
        recording.StopWith(await WatchAsync(silo, documentKey, new DocumentRecorder(null, recording, null)));
        return recording;
    }

    public static async Task<Recording<DocumentNotice>> RecordNoticesAsync(WorkspaceSilo silo, string documentKey)
    {
        var recording = new Recording<DocumentNotice>();
        recording.StopWith(await WatchAsync(silo, documentKey, new DocumentRecorder(null, null, recording)));
        return recording;
    }

    public Task OnUpdates(DocumentUpdatesEvent updates)
    {
        _updates?.Add(updates);
        return Task.CompletedTask;
    }

    public Task OnPresence(DocumentPresence presence)
    {
        _presence?.Add(presence);
        return Task.CompletedTask;
    }

    public Task OnNotice(DocumentNotice notice)
    {
        _notices?.Add(notice);
        return Task.CompletedTask;
    }

    private static Task<Func<Task>> WatchAsync(WorkspaceSilo silo, string documentKey, DocumentRecorder recorder)
    {
        var document = silo.Grains.GetGrain<IDocumentGrain>(documentKey);
        return ObserverWatch.StartAsync<IDocumentObserver>(silo.Client, recorder, document.Watch, document.Unwatch);
    }
}
