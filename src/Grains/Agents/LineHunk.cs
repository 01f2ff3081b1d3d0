namespace Vibe.Grains.Agents;

/// <summary>One change between two line lists: OldCount lines at OldStart became NewCount lines at NewStart (0-based).</summary>
internal readonly record struct LineHunk(int OldStart, int OldCount, int NewStart, int NewCount)
{
    public int OldEnd => OldStart + OldCount;

    public int NewEnd => NewStart + NewCount;
}
