namespace Vibe.Grains.Documents;

/// <summary>Whether a push was applied, and the document's version now.</summary>
public sealed record DocumentPushResult(bool Accepted, int Version);
