namespace Vibe.Grains.Interfaces.Documents;

/// <summary>The updates after a version; <paramref name="Version"/> is the document's version after the last of them.</summary>
[GenerateSerializer, Alias("Vibe.DocumentPullResult")]
public sealed record DocumentPullResult([Id(0)] DocumentPullStatus Status, [Id(1)] int Version, [Id(2)] IReadOnlyList<DocumentUpdate> Updates);
