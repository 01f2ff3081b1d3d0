namespace Vibe.Grains.Documents;

/// <summary>A single replacement: <see cref="Deleted"/> units at <see cref="From"/> become <see cref="Insert"/>.</summary>
internal readonly record struct TextChange(int From, int Deleted, string Insert)
{
    public bool IsEmpty => Deleted == 0 && Insert.Length == 0;

    /// <summary>
    /// The smallest single replacement that turns <paramref name="oldText"/> into <paramref name="newText"/>: what lies between
    /// their common prefix and common suffix. Never splits a surrogate pair.
    /// </summary>
    public static TextChange Between(string oldText, string newText, int offset = 0)
    {
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        var prefix = oldText.AsSpan().CommonPrefixLength(newText);
        if (prefix > 0 && prefix < oldText.Length && prefix < newText.Length && char.IsHighSurrogate(oldText[prefix - 1]))
        {
            prefix--;
        }

        var limit = Math.Min(oldText.Length, newText.Length) - prefix;
        var suffix = 0;
        while (suffix < limit && oldText[oldText.Length - 1 - suffix] == newText[newText.Length - 1 - suffix])
        {
            suffix++;
        }

        if (suffix > 0 && suffix < oldText.Length - prefix && suffix < newText.Length - prefix && char.IsLowSurrogate(oldText[oldText.Length - suffix]))
        {
            suffix--;
        }

        return new TextChange(offset + prefix, oldText.Length - prefix - suffix, newText.Substring(prefix, newText.Length - prefix - suffix));
    }
}
