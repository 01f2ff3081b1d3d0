namespace Vibe.Grains.Interfaces.Documents;

/// <summary>One selection range in UTF-16 offsets; a cursor has Anchor == Head.</summary>
[GenerateSerializer, Alias("Vibe.DocumentSelectionRange")]
public sealed record DocumentSelectionRange([Id(0)] int Anchor, [Id(1)] int Head);
