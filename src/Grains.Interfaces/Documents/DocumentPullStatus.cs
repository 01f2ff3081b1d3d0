namespace Vibe.Grains.Interfaces.Documents;

/// <summary>What a pull found.</summary>
[GenerateSerializer, Alias("Vibe.DocumentPullStatus")]
public enum DocumentPullStatus
{
    /// <summary>The updates after the asked version (possibly none, when the wait ran out).</summary>
    Updates,

    /// <summary>The asked version is older than the kept tail of updates: reload the document.</summary>
    TooFarBehind,

    /// <summary>The document was closed (its file deleted or moved); see the notice.</summary>
    Closed,
}
