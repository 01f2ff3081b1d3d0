namespace Vibe.WebFront.Hubs;

/// <summary>What PullDocumentUpdates returns: Status "updates" (the updates after the asked version, up to Version), "tooFarBehind" (reopen) or "closed".</summary>
internal sealed record DocumentPullReply(string Status, int Version, IReadOnlyList<DocumentUpdateMessage> Updates);
