namespace Vibe.Grains.Interfaces.Documents;

/// <summary>A server-side edit's outcome and the document after it (unchanged unless Applied).</summary>
[GenerateSerializer, Alias("Vibe.DocumentEditResult")]
public sealed record DocumentEditResult([Id(0)] DocumentEditStatus Status, [Id(1)] DocumentSnapshot Snapshot);
