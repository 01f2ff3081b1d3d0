namespace Vibe.WebFront.Hubs;

/// <summary>What PushDocumentUpdates returns: whether the updates were applied, and the document's version now.</summary>
internal sealed record DocumentPushReply(bool Accepted, int Version);
