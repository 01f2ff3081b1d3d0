namespace Vibe.Grains.Interfaces.Documents;

/// <summary>Accepted updates (<see cref="IDocumentObserver.OnUpdates"/>): updates that took the document from <paramref name="StartVersion"/> to StartVersion + Updates.Count.</summary>
[GenerateSerializer, Alias("Vibe.DocumentUpdatesEvent")]
public sealed record DocumentUpdatesEvent([Id(0)] string DocumentKey, [Id(1)] int StartVersion, [Id(2)] IReadOnlyList<DocumentUpdate> Updates);
