using Vibe.Grains.Interfaces.Documents;

namespace Vibe.Grains.Documents;

/// <summary>
/// The document grain's small per-push record ("document-log"): the updates after the snapshot at <see cref="BaseVersion"/>,
/// so acknowledging an update writes only the updates since the last snapshot, never the whole text.
/// </summary>
internal sealed class DocumentLogState
{
    public int BaseVersion { get; set; }

    public List<DocumentUpdate> Updates { get; set; } = [];

    /// <summary>The SHA-256 of the file's bytes as last read or written, to tell an outside change from edits not yet written.</summary>
    public string? DiskHash { get; set; }
}
