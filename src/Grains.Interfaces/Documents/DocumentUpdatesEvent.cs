namespace Vibe.Grains.Documents;

/// <summary>An event of <see cref="DocumentStreams.Updates"/>: updates that took the document from <paramref name="StartVersion"/> to StartVersion + Updates.Count.</summary>
public sealed record DocumentUpdatesEvent(string DocumentKey, int StartVersion, IReadOnlyList<DocumentUpdate> Updates);
