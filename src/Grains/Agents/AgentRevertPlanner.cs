using System.Globalization;

namespace Vibe.Grains.Agents;

/// <summary>
/// Reverts a run's change to one file when a person has edited it since: a line-level three-way check of the run's hunks
/// (Before → After) against the person's (After → current). Where they touch the same lines it refuses, naming them;
/// otherwise it applies the reverse of the run's hunks to the current text, keeping the person's edits.
/// </summary>
internal static class AgentRevertPlanner
{
    public static AgentRevertPlan Plan(string path, string before, string after, string current)
    {
        if (current == after)
        {
            return AgentRevertPlan.Restore(before);
        }

        var beforeLines = LineDiff.Split(before);
        var afterLines = LineDiff.Split(after);
        var currentLines = LineDiff.Split(current);
        var runHunks = LineDiff.Compute(beforeLines, afterLines);
        var personHunks = LineDiff.Compute(afterLines, currentLines);

        var conflicts = new List<string>();
        foreach (var person in personHunks)
        {
            foreach (var run in runHunks)
            {
                if (Overlaps(run.NewStart, run.NewEnd, person.OldStart, person.OldEnd))
                {
                    conflicts.Add(DescribeLines(person));
                    break;
                }
            }
        }

        if (conflicts.Count > 0)
        {
            return AgentRevertPlan.Refuse($"{path}: {string.Join(", ", conflicts)} changed since the run, where the run had edited");
        }

        // Apply the run's hunks in reverse from the last, each at its place in the current text.
        var result = new List<string>(currentLines);
        for (var r = runHunks.Count - 1; r >= 0; r--)
        {
            var run = runHunks[r];
            var shift = 0;
            foreach (var person in personHunks)
            {
                if (person.OldStart < run.NewStart)
                {
                    shift += person.NewCount - person.OldCount;
                }
            }

            var start = run.NewStart + shift;
            result.RemoveRange(start, run.NewCount);
            result.InsertRange(start, beforeLines[run.OldStart..run.OldEnd]);
        }

        return AgentRevertPlan.Restore(LineDiff.Join(result));
    }

    // Half-open line ranges; an empty range (an insertion or a deletion point) conflicts with what touches it.
    private static bool Overlaps(int start1, int end1, int start2, int end2) =>
        start1 == end1 || start2 == end2 ? start1 <= end2 && start2 <= end1 : start1 < end2 && start2 < end1;

    private static string DescribeLines(LineHunk person) => person.NewCount switch
    {
        0 => string.Create(CultureInfo.InvariantCulture, $"lines deleted before line {person.NewStart + 1}"),
        1 => string.Create(CultureInfo.InvariantCulture, $"line {person.NewStart + 1}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"lines {person.NewStart + 1}-{person.NewEnd}"),
    };
}
