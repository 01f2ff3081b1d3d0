using Vibe.Grains.Interfaces.Documents;

namespace Vibe.WebFront.Hubs;

/// <summary>What PullDocumentUpdates returns: Status "updates" (the updates after the asked version, up to Version), "tooFarBehind" (reopen) or "closed".</summary>
internal sealed record DocumentPullReply(DocumentPullStatus Status, int Version, IReadOnlyList<DocumentUpdateMessage> Updates);
