namespace Vibe.Grains.Interfaces.Documents;

/// <summary>The outcome of a server-side edit.</summary>
[GenerateSerializer, Alias("Vibe.DocumentEditStatus")]
public enum DocumentEditStatus
{
    Applied,

    /// <summary>The snippet to replace is not in the text.</summary>
    NotFound,

    /// <summary>The snippet to replace occurs more than once.</summary>
    NotUnique,
}
