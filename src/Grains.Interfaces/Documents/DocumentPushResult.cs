namespace Vibe.Grains.Documents;

/// <summary>Whether a push was applied, and the document's version now.</summary>
[GenerateSerializer, Alias("Vibe.DocumentPushResult")]
public sealed record DocumentPushResult([Id(0)] bool Accepted, [Id(1)] int Version);
