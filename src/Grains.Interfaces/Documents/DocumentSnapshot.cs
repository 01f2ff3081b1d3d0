namespace Vibe.Grains.Interfaces.Documents;

/// <summary>A document's text at a version.</summary>
[GenerateSerializer, Alias("Vibe.DocumentSnapshot")]
public sealed record DocumentSnapshot([Id(0)] string WorkspaceId, [Id(1)] string Path, [Id(2)] int Version, [Id(3)] string Text);
