namespace Vibe.Grains.Documents;

/// <summary>A server-side edit's outcome and the document after it (unchanged unless Applied).</summary>
public sealed record DocumentEditResult(DocumentEditStatus Status, DocumentSnapshot Snapshot);
