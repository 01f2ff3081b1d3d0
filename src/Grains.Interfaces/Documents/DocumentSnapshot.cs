namespace Vibe.Grains.Documents;

/// <summary>A document's text at a version.</summary>
public sealed record DocumentSnapshot(string WorkspaceId, string Path, int Version, string Text);
