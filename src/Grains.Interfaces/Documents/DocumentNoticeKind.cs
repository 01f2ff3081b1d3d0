namespace Vibe.Grains.Interfaces.Documents;

/// <summary>Why a document notice was sent.</summary>
[GenerateSerializer, Alias("Vibe.DocumentNoticeKind")]
public enum DocumentNoticeKind
{
    /// <summary>The file was deleted on disk: the document is closed.</summary>
    Deleted,

    /// <summary>The file was renamed on disk: the document is closed here and lives on at NewPath.</summary>
    Moved,

    /// <summary>The history was reset (e.g. the text was reloaded from disk): clients reload with Open.</summary>
    Reloaded,
}
