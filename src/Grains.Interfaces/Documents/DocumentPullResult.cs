namespace Vibe.Grains.Documents;

/// <summary>The updates after a version; <paramref name="Version"/> is the document's version after the last of them.</summary>
public sealed record DocumentPullResult(DocumentPullStatus Status, int Version, IReadOnlyList<DocumentUpdate> Updates);
