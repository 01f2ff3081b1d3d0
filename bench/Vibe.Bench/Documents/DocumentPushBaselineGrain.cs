using Vibe.Grains.Documents;
using Vibe.Grains.Interfaces.Documents;

namespace Vibe.Bench.Documents;

/// <summary>
/// Accepts a push at the current version and keeps a bounded tail of updates, in memory only: no ChangeSet parsing, no
/// text, no persistence, no stream. What a document grain's push costs beyond this is its own work.
/// </summary>
public sealed class DocumentPushBaselineGrain : Grain, IDocumentPushBaselineGrain
{
    private const int TailLength = 1000;

    private readonly Queue<DocumentUpdate> _tail = new();
    private readonly Guid _activation = Guid.NewGuid();
    private int _version;

    public Task<DocumentPushResult> Push(int version, IReadOnlyList<DocumentUpdate> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        if (version != _version)
        {
            return Task.FromResult(new DocumentPushResult(false, _version, _activation));
        }

        foreach (var update in updates)
        {
            _tail.Enqueue(update);
            if (_tail.Count > TailLength)
            {
                _tail.Dequeue();
            }
        }

        _version += updates.Count;
        return Task.FromResult(new DocumentPushResult(true, _version, _activation));
    }
}
