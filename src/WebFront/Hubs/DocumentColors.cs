namespace Vibe.WebFront.Hubs;

/// <summary>A cursor colour per user, the same in every document and on every connection (picked from the user id, never by the client).</summary>
internal static class DocumentColors
{
    /// <summary>Distinct hues that read on both light and dark backgrounds.</summary>
    private static readonly string[] Palette =
    [
        "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#0f9d9a",
        "#f032e6", "#9a6324", "#808000", "#d81b60", "#1e88e5", "#43a047",
    ];

    public static string Of(Guid userId)
    {
        Span<byte> bytes = stackalloc byte[16];
        userId.TryWriteBytes(bytes);
        uint hash = 2166136261; // FNV-1a: stable across processes, unlike string.GetHashCode
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619;
        }

        return Palette[hash % (uint)Palette.Length];
    }
}
