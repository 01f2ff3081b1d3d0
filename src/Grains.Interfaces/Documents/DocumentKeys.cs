using Vibe.Grains.Interfaces.Errors;

namespace Vibe.Grains.Interfaces.Documents;

/// <summary>Builds and splits document grain keys, <c>"{workspaceId}:{path}"</c>.</summary>
public static class DocumentKeys
{
    /// <summary>The client id of updates that came from the file on disk (terminal, git, commands).</summary>
    public const string DiskClientId = "disk";

    /// <summary>The key of the document for <paramref name="path"/> (already normalised: relative, '/'-separated, no '.' or '..').</summary>
    public static string Format(string workspaceId, string path) => $"{workspaceId}:{path}";

    /// <summary>Splits a key at its first ':' (workspace ids have none).</summary>
    public static (string WorkspaceId, string Path) Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == key.Length - 1)
        {
            throw new InvalidRequestException($"'{key}' is not a document key: expected '{{workspaceId}}:{{path}}'");
        }

        return (key[..colon], key[(colon + 1)..]);
    }
}
