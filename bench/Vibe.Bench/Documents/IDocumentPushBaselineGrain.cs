using Vibe.Grains.Interfaces.Documents;

namespace Vibe.Bench.Documents;

/// <summary>The doc-push-rate baseline: a push of the document grain's shape, to a grain that does the least a push needs.</summary>
public interface IDocumentPushBaselineGrain : IGrainWithStringKey
{
    Task<DocumentPushResult> Push(int version, IReadOnlyList<DocumentUpdate> updates);
}
