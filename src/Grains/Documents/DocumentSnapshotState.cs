using Vibe.Grains.Interfaces.Documents;

namespace Vibe.Grains.Documents;

/// <summary>
/// The document grain's full record ("document"), written when the document is first loaded, every
/// <see cref="DocumentOptions.SnapshotInterval"/> updates and on deactivation. The updates since are in <see cref="DocumentLogState"/>.
/// </summary>
internal sealed class DocumentSnapshotState
{
    /// <summary>The text at <see cref="Version"/>; null until the document was first loaded.</summary>
    public string? Text { get; set; }

    public int Version { get; set; }

    /// <summary>The updates just before <see cref="Version"/> (at most HistoryLength), for clients that are a little behind.</summary>
    public List<DocumentUpdate> History { get; set; } = [];

    /// <summary>The line ending the file uses ("\n" or "\r\n"), restored when the text is written back.</summary>
    public string LineEnding { get; set; } = "\n";

    /// <summary>The file started with a UTF-8 byte order mark, which is written back.</summary>
    public bool ByteOrderMark { get; set; }

    /// <summary>The file was deleted or moved: the document is closed until it is opened again with a file present.</summary>
    public bool Closed { get; set; }

    public DocumentNoticeKind? ClosedKind { get; set; }

    public string? MovedTo { get; set; }
}
