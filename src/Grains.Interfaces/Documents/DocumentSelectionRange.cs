namespace Vibe.Grains.Documents;

/// <summary>One selection range in UTF-16 offsets; a cursor has Anchor == Head.</summary>
public sealed record DocumentSelectionRange(int Anchor, int Head);
