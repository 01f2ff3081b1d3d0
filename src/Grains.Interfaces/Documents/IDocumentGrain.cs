using Orleans.Concurrency;

namespace Vibe.Grains.Interfaces.Documents;

/// <summary>
/// The authority for one open file's collaborative editing, keyed <c>"{workspaceId}:{path}"</c> (see <see cref="DocumentKeys"/>;
/// the path is relative to /workspace, normalised, '/'-separated). It holds the text (<c>\n</c>-normalised), the version
/// (the number of updates applied since the document was first opened) and a bounded tail of recent updates, exactly as
/// <c>@codemirror/collab</c>'s authority expects: a push is accepted only at the current version, otherwise the client pulls,
/// rebases and pushes again. Accepted updates, presence and notices (deleted, moved, reloaded) are pushed to the
/// document's watchers (<see cref="Watch"/>). The text is written back to the workspace file (debounced, and on deactivation) and
/// changes made to the file outside the editor come back as updates from <see cref="DocumentKeys.DiskClientId"/>.
/// </summary>
[Alias("Vibe.IDocumentGrain")]
public interface IDocumentGrain : IGrainWithStringKey
{
    /// <summary>
    /// Loads the document (from its persisted state, else from the file) and returns its version and text. Throws
    /// <see cref="DocumentException"/> when the file does not exist, is not UTF-8 text or is too large, and
    /// <see cref="Workspaces.WorkspaceNotFoundException"/> when the workspace does not exist.
    /// </summary>
    Task<DocumentSnapshot> Open();

    /// <summary>
    /// The updates after <paramref name="version"/>. Returns at once when there are some; otherwise waits up to
    /// <paramref name="wait"/> (at most 25 s, under the 30 s call timeout) for some and returns an empty list if none came. A version older than the kept
    /// tail gives <see cref="DocumentPullStatus.TooFarBehind"/> (reload with <see cref="Open"/>); a closed document gives
    /// <see cref="DocumentPullStatus.Closed"/>. A version above the current one is an <see cref="ArgumentException"/>.
    /// </summary>
    [AlwaysInterleave]
    Task<DocumentPullResult> Pull(int version, TimeSpan wait);

    /// <summary>
    /// Applies <paramref name="updates"/> (each a <c>ChangeSet.toJSON()</c> with its client id, in order) if
    /// <paramref name="version"/> is the current version, and returns once they are durable (Accepted, the new version).
    /// At another version nothing is applied (not Accepted, the current version). A malformed ChangeSet or one whose length
    /// does not match the document throws <see cref="DocumentException"/> and applies none of the updates.
    /// </summary>
    Task<DocumentPushResult> Push(int version, IReadOnlyList<DocumentUpdate> updates);

    /// <summary>The current version and text.</summary>
    [AlwaysInterleave]
    Task<DocumentSnapshot> GetText();

    /// <summary>
    /// A server-side edit (the AI agent's write): replaces the whole text with <paramref name="text"/> as one update from
    /// <paramref name="author"/> (the smallest change that does it) and shows the author's cursor at its end. Returns the new
    /// snapshot once durable.
    /// </summary>
    Task<DocumentEditResult> ReplaceText(DocumentAuthor author, string text);

    /// <summary>
    /// A server-side edit: replaces the one occurrence of <paramref name="oldText"/> with <paramref name="newText"/> as one
    /// update from <paramref name="author"/>. Changes nothing and says so (<see cref="DocumentEditStatus.NotFound"/>,
    /// <see cref="DocumentEditStatus.NotUnique"/>) when the snippet is absent or occurs more than once.
    /// </summary>
    Task<DocumentEditResult> ReplaceSnippet(DocumentAuthor author, string oldText, string newText);

    /// <summary>
    /// Writes unsaved edits to the file now rather than after the write delay, and returns once they are on disk (so a
    /// command run next sees them). A file changed outside meanwhile wins, as with every write. A no-op when nothing is unsaved.
    /// </summary>
    Task Flush();

    /// <summary>Sets (or, with <see cref="DocumentPresence.Left"/>, removes) one client's cursors and publishes it; not persisted.</summary>
    [AlwaysInterleave]
    Task SetPresence(DocumentPresence presence);

    /// <summary>The presence of every client in the document now.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<DocumentPresence>> GetPresence();

    /// <summary>
    /// Pushes accepted updates, presence and notices to <paramref name="observer"/>, in the order they happen. The watch lapses
    /// unless renewed (called again) within a minute, and is lost when the activation moves: watchers renew it periodically,
    /// and at once when a push reports another activation than their watch reached. Returns that activation, the version, and
    /// whether the watch was added rather than renewed (the watcher may have missed updates: its editors pull).
    /// </summary>
    [AlwaysInterleave]
    Task<DocumentWatch> Watch(IDocumentObserver observer);

    /// <summary>Stops pushing events to <paramref name="observer"/>.</summary>
    [AlwaysInterleave]
    Task Unwatch(IDocumentObserver observer);
}
