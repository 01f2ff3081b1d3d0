namespace Vibe.WebFront.Hubs;

/// <summary>What OpenDocument returns: the text at Version, whether the caller may push, who else is there, and the caller's cursor colour.</summary>
internal sealed record DocumentOpenReply(string Path, int Version, string Text, bool CanEdit, IReadOnlyList<DocumentPresenceMessage> Presence, string Color);
