using Vibe.Grains.Interfaces.Documents;

namespace Vibe.WebFront.Hubs;

/// <summary>The <c>documentUpdates</c> event: updates that took the document from StartVersion to StartVersion + Updates.Count.</summary>
internal sealed record DocumentUpdatesMessage(string WorkspaceId, string Path, int StartVersion, IReadOnlyList<DocumentUpdateMessage> Updates)
{
    public static DocumentUpdatesMessage From(DocumentUpdatesEvent updates)
    {
        var (workspaceId, path) = DocumentKeys.Parse(updates.DocumentKey);
        return new DocumentUpdatesMessage(workspaceId, path, updates.StartVersion, ToMessages(updates.Updates));
    }

    public static DocumentUpdateMessage[] ToMessages(IReadOnlyList<DocumentUpdate> updates)
    {
        var messages = new DocumentUpdateMessage[updates.Count];
        for (var i = 0; i < messages.Length; i++)
        {
            messages[i] = DocumentUpdateMessage.From(updates[i]);
        }

        return messages;
    }
}
