using Vibe.Grains.Interfaces.Documents;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// The documents one hub connection has open and the last presence it set for each of its collab client ids there, so
/// that closing a document, or the connection going away, removes exactly the cursors this connection showed.
/// </summary>
internal sealed class DocumentConnection
{
    private readonly Dictionary<string, Dictionary<string, DocumentPresence>> _documents = new(StringComparer.Ordinal);

    /// <summary>Records <paramref name="documentKey"/> as open; false when <paramref name="maxDocuments"/> others are open already.</summary>
    public bool TryOpen(string documentKey, int maxDocuments)
    {
        lock (_documents)
        {
            if (_documents.ContainsKey(documentKey))
            {
                return true;
            }

            if (_documents.Count >= maxDocuments)
            {
                return false;
            }

            _documents.Add(documentKey, new Dictionary<string, DocumentPresence>(StringComparer.Ordinal));
            return true;
        }
    }

    public bool IsOpen(string documentKey)
    {
        lock (_documents)
        {
            return _documents.ContainsKey(documentKey);
        }
    }

    /// <summary>Remembers <paramref name="presence"/>; false when its document is not open here or it would be client id number <paramref name="maxClients"/> + 1 there.</summary>
    public bool TrySetPresence(DocumentPresence presence, int maxClients)
    {
        lock (_documents)
        {
            if (!_documents.TryGetValue(presence.DocumentKey, out var clients)
                || (!clients.ContainsKey(presence.ClientId) && clients.Count >= maxClients))
            {
                return false;
            }

            clients[presence.ClientId] = presence;
            return true;
        }
    }

    /// <summary>Forgets the document and returns the presences that remove this connection's cursors from it.</summary>
    public IReadOnlyList<DocumentPresence> Close(string documentKey)
    {
        lock (_documents)
        {
            return _documents.Remove(documentKey, out var clients) ? Leaving(clients.Values) : [];
        }
    }

    /// <summary>Forgets every document and returns the presences that remove this connection's cursors from them.</summary>
    public IReadOnlyList<DocumentPresence> CloseAll()
    {
        lock (_documents)
        {
            var leaving = Leaving(_documents.Values.SelectMany(clients => clients.Values));
            _documents.Clear();
            return leaving;
        }
    }

    private static DocumentPresence[] Leaving(IEnumerable<DocumentPresence> presences) =>
        [.. presences.Select(presence => presence with { Ranges = [], Left = true })];
}
