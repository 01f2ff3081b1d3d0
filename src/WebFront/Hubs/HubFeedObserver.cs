using Vibe.Grains.Interfaces.Documents;
using Vibe.Grains.Interfaces.Terminals;
using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// The grain observer behind one <see cref="SharedFeed"/>: takes the events a grain pushes (log lines, terminal output, document
/// updates, presence and notices, file tree changes) and queues them for the feed's hub group, as the stream subscriptions do for status events.
/// </summary>
internal sealed class HubFeedObserver(SharedFeed feed) : IWorkspaceLogObserver, ITerminalObserver, IDocumentObserver, IWorkspaceTreeObserver
{
    public async Task OnLogs(IReadOnlyList<WorkspaceLogLine> lines)
    {
        foreach (var line in lines)
        {
            // Completes at once unless the feed's queue is full; waiting then keeps the lines in order and the queue bounded.
            await feed.PostAsync(new HubEvent(HubClientMethods.Log, line));
        }
    }

    public Task OnOutput(TerminalOutput output) => feed.PostAsync(new HubEvent(HubClientMethods.TerminalOutput, output));

    public Task OnExited(TerminalExited exited) => feed.PostAsync(new HubEvent(HubClientMethods.TerminalExited, exited));

    public Task OnUpdates(DocumentUpdatesEvent updates) => feed.PostAsync(new HubEvent(HubClientMethods.DocumentUpdates, DocumentUpdatesMessage.From(updates)));

    public Task OnPresence(DocumentPresence presence) => feed.PostAsync(new HubEvent(HubClientMethods.DocumentPresence, DocumentPresenceMessage.From(presence)));

    public Task OnTreeChanged(WorkspaceTreeChange change) => feed.PostAsync(new HubEvent(HubClientMethods.FilesChanged, WorkspaceFilesChangedMessage.From(change)));

    public Task OnNotice(DocumentNotice notice) => feed.PostAsync(new HubEvent(HubClientMethods.DocumentNotice, DocumentNoticeMessage.From(notice)));
}
