using System.Globalization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.IdentityModel.JsonWebTokens;
using Vibe.Grains.Documents;
using Vibe.Grains.Interfaces.Documents;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.Grains.Workspaces.Files;
using Vibe.WebFront.Accounts;
using Vibe.WebFront.Workspaces;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// Collaborative editing: the hub side of <c>@codemirror/collab</c> for the document grains. Opening, pulling and sharing
/// cursors need Read; pushing edits needs Write, so viewers see edits live but cannot make them. Paths are normalised as
/// the file API does, so a document and its file share one name. Name and colour of a cursor come from the signed-in user.
/// </summary>
internal sealed partial class WorkspaceHub
{
    /// <summary>The most updates one push may carry (a client that was offline long pushes its backlog in parts).</summary>
    public const int MaxUpdatesPerPush = 1000;

    /// <summary>The longest JSON text of one update's ChangeSet, in characters.</summary>
    public const int MaxChangesLength = 256 * 1024;

    /// <summary>The longest collab client id (<c>@codemirror/collab</c> makes ~10-character ones).</summary>
    public const int MaxClientIdLength = 64;

    /// <summary>The most selection ranges one presence may carry.</summary>
    public const int MaxPresenceRanges = 100;

    /// <summary>The most documents one connection may have open at once.</summary>
    public const int MaxOpenDocuments = 200;

    /// <summary>The most collab client ids (editor instances) one connection may show cursors for in one document.</summary>
    private const int MaxClientsPerDocument = 16;

    /// <summary>How long a pull waits for updates when there are none: not at all, since updates also arrive as events.</summary>
    private static readonly TimeSpan PullWait = TimeSpan.Zero;

    /// <summary>
    /// Starts the caller's updates, presence and notice events for the document and returns its text and version (loading it
    /// from the file on first open), whether the caller may edit, who else is in it, and the caller's cursor colour.
    /// </summary>
    [IdempotentHubMethod]
    [RequiresWorkspace(WorkspacePermission.Read, "open this file")]
    [Subscribes]
    public async Task<DocumentOpenReply> OpenDocument(string workspaceId, string path)
    {
        var permission = CallerPermission;
        var key = DocumentKey(workspaceId, path);
        if (!openDocuments.Of(Context.ConnectionId).TryOpen(key, MaxOpenDocuments))
        {
            throw new HubException(string.Create(CultureInfo.InvariantCulture, $"this connection has {MaxOpenDocuments} documents open; close one before opening another"));
        }

        // Subscribe first, then read: an update accepted in between arrives as an event past the returned version.
        await fanOut.JoinDocumentAsync(Context.ConnectionId, key);
        try
        {
            var document = Document(key);
            var snapshot = await document.Open();
            var presence = await document.GetPresence();
            var others = presence.Where(p => !p.Left).Select(DocumentPresenceMessage.From).ToArray();
            return new DocumentOpenReply(snapshot.Path, snapshot.Version, snapshot.Text, permission >= WorkspacePermission.Write, others, DocumentColors.Of(Context.User!.GetUserId()));
        }
        catch
        {
            openDocuments.Of(Context.ConnectionId).Close(key);
            await fanOut.LeaveDocumentAsync(Context.ConnectionId, key);
            throw;
        }
    }

    /// <summary>Stops the caller's events for the document and removes its cursors there (needs no permission: anyone may stop watching).</summary>
    [IdempotentHubMethod]
    public async Task CloseDocument(string workspaceId, string path)
    {
        ValidateWorkspaceId(workspaceId);
        var key = DocumentKey(workspaceId, path);
        await fanOut.LeaveDocumentAsync(Context.ConnectionId, key);
        await openDocuments.CloseAsync(Context.ConnectionId, key);
    }

    /// <summary>
    /// Applies the caller's updates (each <c>{ clientID, changes: ChangeSet.toJSON() }</c>) if <paramref name="version"/> is
    /// the document's version; otherwise applies none and says so, and the client pulls, rebases and pushes again.
    /// </summary>
    [IdempotentHubMethod]
    [RequiresWorkspace(WorkspacePermission.Write, "edit this file")]
    public async Task<DocumentPushReply> PushDocumentUpdates(string workspaceId, string path, int version, DocumentUpdateMessage[] updates)
    {
        ValidateVersion(version);
        var accepted = ValidateUpdates(updates);
        var key = DocumentKey(workspaceId, path);
        var result = await Document(key).Push(version, accepted);
        fanOut.DocumentPushed(key, result.Activation);
        return new DocumentPushReply(result.Accepted, result.Version);
    }

    /// <summary>The updates after <paramref name="version"/> (at once; none when the caller is up to date), or that the caller is too far behind and must reopen.</summary>
    [IdempotentHubMethod]
    [RequiresWorkspace(WorkspacePermission.Read, "read this file")]
    public async Task<DocumentPullReply> PullDocumentUpdates(string workspaceId, string path, int version)
    {
        ValidateVersion(version);
        var key = DocumentKey(workspaceId, path);
        var result = await Document(key).Pull(version, PullWait);
        return new DocumentPullReply(result.Status, result.Version, DocumentUpdatesMessage.ToMessages(result.Updates));
    }

    /// <summary>Shows the caller's cursors in an open document to its other editors, with the caller's name and colour.</summary>
    [IdempotentHubMethod]
    [RequiresWorkspace(WorkspacePermission.Read, "share your cursor in this file")]
    public async Task SetDocumentPresence(string workspaceId, string path, DocumentPresenceInput presence)
    {
        var (clientId, ranges) = ValidatePresence(presence);
        var key = DocumentKey(workspaceId, path);
        var user = Context.User!;
        var userId = user.GetUserId();
        var name = user.FindFirst(JwtRegisteredClaimNames.Name)?.Value is { Length: > 0 } displayName
            ? displayName
            : user.FindFirst(JwtRegisteredClaimNames.Email)?.Value ?? "someone";
        var shown = new DocumentPresence(key, clientId, userId.ToString("D"), name, DocumentColors.Of(userId), presence.Version, ranges, Left: false);
        var documents = openDocuments.Of(Context.ConnectionId);
        if (!documents.TrySetPresence(shown, MaxClientsPerDocument))
        {
            throw new HubException(documents.IsOpen(key)
                ? string.Create(CultureInfo.InvariantCulture, $"this connection shows {MaxClientsPerDocument} cursors in this file already; reuse a client id")
                : "open the file (OpenDocument) before sharing your cursor in it");
        }

        await Document(key).SetPresence(shown);
    }

    private IDocumentGrain Document(string key) => grains.GetGrain<IDocumentGrain>(key);

    /// <summary>The document key for <paramref name="path"/> normalised as the file API does (so "./src//a.js" and "src/a.js" are one document).</summary>
    private static string DocumentKey(string workspaceId, string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new HubException("path is required: give the file's path relative to the workspace root (for example 'src/app.js')");
        }

        // A bad path throws WorkspacePathException, which the error filter turns into the hub error with its message.
        return DocumentKeys.Format(workspaceId, WorkspacePath.Parse(path, allowRoot: false).Relative);
    }

    private static void ValidateVersion(int version)
    {
        if (version < 0)
        {
            throw new HubException(string.Create(CultureInfo.InvariantCulture, $"version must be 0 or more (got {version})"));
        }
    }

    private static DocumentUpdate[] ValidateUpdates(DocumentUpdateMessage[]? updates)
    {
        if (updates is null || updates.Length == 0)
        {
            throw new HubException("updates is required: give at least one { clientID, changes } update");
        }

        if (updates.Length > MaxUpdatesPerPush)
        {
            throw new HubException(string.Create(CultureInfo.InvariantCulture, $"the push carries {updates.Length} updates; push at most {MaxUpdatesPerPush} at a time"));
        }

        var accepted = new DocumentUpdate[updates.Length];
        for (var i = 0; i < updates.Length; i++)
        {
            var update = updates[i] ?? throw new HubException(string.Create(CultureInfo.InvariantCulture, $"update {i} is null"));
            ValidateClientId(update.ClientID, $"update {i}");
            var changes = update.Changes;
            if (string.IsNullOrEmpty(changes) || changes[0] != '[')
            {
                throw new HubException(string.Create(CultureInfo.InvariantCulture, $"update {i} has no ChangeSet: changes must be the JSON array ChangeSet.toJSON() gives"));
            }

            if (changes.Length > MaxChangesLength)
            {
                throw new HubException(string.Create(CultureInfo.InvariantCulture, $"the ChangeSet of update {i} is {changes.Length} characters of JSON; split edits larger than {MaxChangesLength}"));
            }

            accepted[i] = new DocumentUpdate(update.ClientID, changes);
        }

        return accepted;
    }

    private static (string ClientId, IReadOnlyList<DocumentSelectionRange> Ranges) ValidatePresence(DocumentPresenceInput? presence)
    {
        if (presence is null)
        {
            throw new HubException("presence is required: give { clientID, version, ranges }");
        }

        ValidateClientId(presence.ClientID, "the presence");
        ValidateVersion(presence.Version);
        var ranges = presence.Ranges ?? [];
        if (ranges.Count > MaxPresenceRanges)
        {
            throw new HubException(string.Create(CultureInfo.InvariantCulture, $"the presence has {ranges.Count} ranges; send at most {MaxPresenceRanges}"));
        }

        foreach (var range in ranges)
        {
            if (range is null || range.Anchor < 0 || range.Head < 0)
            {
                throw new HubException("each range needs an anchor and a head of 0 or more");
            }
        }

        return (presence.ClientID!, ranges);
    }

    private static void ValidateClientId(string? clientId, string what)
    {
        if (string.IsNullOrEmpty(clientId))
        {
            throw new HubException($"{what} has no clientID");
        }

        if (clientId.Length > MaxClientIdLength || clientId.Any(char.IsControl))
        {
            throw new HubException(string.Create(CultureInfo.InvariantCulture, $"{what} has a clientID that is not 1 to {MaxClientIdLength} printable characters"));
        }
    }
}
