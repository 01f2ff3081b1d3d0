using System.Text.Json.Serialization;
using Vibe.Grains.Interfaces.Documents;

namespace Vibe.WebFront.Hubs;

/// <summary>What a client sends to SetDocumentPresence: its collab client id, the version its ranges refer to, and its selection ranges.</summary>
internal sealed record DocumentPresenceInput(
    [property: JsonPropertyName("clientID")] string? ClientID,
    int Version,
    IReadOnlyList<DocumentSelectionRange>? Ranges);
