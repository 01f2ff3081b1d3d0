namespace Vibe.Grains.Interfaces.Documents;

/// <summary>
/// One client's cursors in a document at <paramref name="Version"/> (pushed with <see cref="IDocumentObserver.OnPresence"/>).
/// <paramref name="Left"/> means the client closed the document. Name and colour are set by the server, never by the client.
/// </summary>
[GenerateSerializer, Immutable, Alias("Vibe.DocumentPresence")]
public sealed record DocumentPresence(
    [Id(0)] string DocumentKey,
    [Id(1)] string ClientId,
    [Id(2)] string UserId,
    [Id(3)] string Name,
    [Id(4)] string Color,
    [Id(5)] int Version,
    [Id(6)] IReadOnlyList<DocumentSelectionRange> Ranges,
    [Id(7)] bool Left);
