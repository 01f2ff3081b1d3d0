namespace Vibe.Grains.Documents;

/// <summary>The streams of a document grain, each keyed by the grain's key and on the workspaces' stream provider.</summary>
public static class DocumentStreams
{
    /// <summary><see cref="DocumentUpdatesEvent"/>: every accepted update, in version order, without gaps.</summary>
    public const string Updates = "document-updates";

    /// <summary><see cref="DocumentPresence"/>: cursors and selections; never persisted.</summary>
    public const string Presence = "document-presence";

    /// <summary><see cref="DocumentNotice"/>: the file was deleted or moved, or the document was reloaded.</summary>
    public const string Notices = "document-notices";
}
