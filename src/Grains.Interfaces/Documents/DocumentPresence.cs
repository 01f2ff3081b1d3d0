namespace Vibe.Grains.Documents;

/// <summary>
/// One client's cursors in a document at <paramref name="Version"/> (an event of <see cref="DocumentStreams.Presence"/>).
/// <paramref name="Left"/> means the client closed the document. Name and colour are set by the server, never by the client.
/// </summary>
public sealed record DocumentPresence(
    string DocumentKey,
    string ClientId,
    string UserId,
    string Name,
    string Color,
    int Version,
    IReadOnlyList<DocumentSelectionRange> Ranges,
    bool Left);
