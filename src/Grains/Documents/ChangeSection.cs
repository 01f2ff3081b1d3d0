namespace Vibe.Grains.Documents;

/// <summary>
/// One section of a ChangeSet: <see cref="Length"/> UTF-16 units of the old document, either kept (<see cref="Insert"/> null)
/// or replaced by <see cref="Insert"/> (the inserted lines joined by '\n'; empty for a pure deletion).
/// </summary>
internal readonly record struct ChangeSection(int Length, string? Insert)
{
    public bool IsRetain => Insert is null;
}
