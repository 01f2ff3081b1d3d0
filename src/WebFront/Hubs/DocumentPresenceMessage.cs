using System.Text.Json.Serialization;
using Vibe.Grains.Interfaces.Documents;

namespace Vibe.WebFront.Hubs;

/// <summary>The <c>documentPresence</c> event (and the presence list of an opened document): one client's cursors, or that it left.</summary>
internal sealed record DocumentPresenceMessage(
    string WorkspaceId,
    string Path,
    [property: JsonPropertyName("clientID")] string ClientID,
    string UserId,
    string Name,
    string Color,
    int Version,
    IReadOnlyList<DocumentSelectionRange> Ranges,
    bool Left)
{
    public static DocumentPresenceMessage From(DocumentPresence presence)
    {
        var (workspaceId, path) = DocumentKeys.Parse(presence.DocumentKey);
        return new DocumentPresenceMessage(workspaceId, path, presence.ClientId, presence.UserId, presence.Name, presence.Color, presence.Version, presence.Ranges, presence.Left);
    }
}
