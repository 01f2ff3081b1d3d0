using System.Text.Json.Serialization;
using Vibe.Grains.Documents;
using Vibe.Grains.Interfaces.Documents;

namespace Vibe.WebFront.Hubs;

/// <summary>One collab update on the wire, <c>{ clientID, changes }</c>, with <c>changes</c> the JSON value of <c>ChangeSet.toJSON()</c> (held here as its text).</summary>
internal sealed record DocumentUpdateMessage(
    [property: JsonPropertyName("clientID")] string ClientID,
    [property: JsonConverter(typeof(DocumentChangesJsonConverter))] string Changes)
{
    public static DocumentUpdateMessage From(DocumentUpdate update) => new(update.ClientId, update.Changes);
}
