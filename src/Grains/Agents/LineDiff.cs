using System.Globalization;
using System.Text;

namespace Vibe.Grains.Agents;

/// <summary>
/// A small line diff (longest common subsequence after trimming the common head and tail) for the agent's edit diffs and for
/// reverting runs. Texts are split at '\n' exactly, so joining the lines again gives the text back.
/// </summary>
internal static class LineDiff
{
    // Above this many cells (about 4 MB of table) the differing middle is reported as one replaced block.
    private const long MaxTableCells = 1_000_000;

    public static string[] Split(string text) => text.Split('\n');

    public static string Join(IEnumerable<string> lines) => string.Join('\n', lines);

    /// <summary>The hunks that turn <paramref name="oldLines"/> into <paramref name="newLines"/>, in order.</summary>
    public static IReadOnlyList<LineHunk> Compute(IReadOnlyList<string> oldLines, IReadOnlyList<string> newLines)
    {
        var prefix = 0;
        while (prefix < oldLines.Count && prefix < newLines.Count && oldLines[prefix] == newLines[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < oldLines.Count - prefix && suffix < newLines.Count - prefix
            && oldLines[oldLines.Count - 1 - suffix] == newLines[newLines.Count - 1 - suffix])
        {
            suffix++;
        }

        var n = oldLines.Count - prefix - suffix;
        var m = newLines.Count - prefix - suffix;
        var hunks = new List<LineHunk>();
        if (n == 0 && m == 0)
        {
            return hunks;
        }

        if (n == 0 || m == 0 || (long)(n + 1) * (m + 1) > MaxTableCells)
        {
            hunks.Add(new LineHunk(prefix, n, prefix, m));
            return hunks;
        }

        // lcs[i, j]: the longest common subsequence of the middles' tails from i and j.
        var lcs = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                lcs[i, j] = oldLines[prefix + i] == newLines[prefix + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        int x = 0, y = 0, startX = -1, startY = -1;
        while (x < n || y < m)
        {
            if (x < n && y < m && oldLines[prefix + x] == newLines[prefix + y])
            {
                Close(ref startX, ref startY, x, y);
                x++;
                y++;
                continue;
            }

            if (startX < 0)
            {
                (startX, startY) = (x, y);
            }

            if (y == m || (x < n && lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                x++;
            }
            else
            {
                y++;
            }
        }

        Close(ref startX, ref startY, x, y);
        return hunks;

        void Close(ref int fromX, ref int fromY, int toX, int toY)
        {
            if (fromX >= 0)
            {
                hunks.Add(new LineHunk(prefix + fromX, toX - fromX, prefix + fromY, toY - fromY));
                fromX = fromY = -1;
            }
        }
    }

    /// <summary>A unified diff of a file (null: it does not exist) with three lines of context; empty when nothing changed.</summary>
    public static string Unified(string path, string? before, string? after, int context = 3)
    {
        var oldLines = DisplayLines(before);
        var newLines = DisplayLines(after);
        var hunks = Compute(oldLines, newLines);
        if (hunks.Count == 0)
        {
            return "";
        }

        var diff = new StringBuilder();
        diff.Append("--- ").AppendLine(before is null ? "/dev/null" : $"a/{path}");
        diff.Append("+++ ").AppendLine(after is null ? "/dev/null" : $"b/{path}");
        var first = 0;
        while (first < hunks.Count)
        {
            var last = first;
            while (last + 1 < hunks.Count && hunks[last + 1].OldStart - hunks[last].OldEnd <= 2 * context)
            {
                last++;
            }

            var oldFrom = Math.Max(0, hunks[first].OldStart - context);
            var oldTo = Math.Min(oldLines.Length, hunks[last].OldEnd + context);
            var newFrom = hunks[first].NewStart - (hunks[first].OldStart - oldFrom);
            var newTo = hunks[last].NewEnd + (oldTo - hunks[last].OldEnd);
            diff.Append(CultureInfo.InvariantCulture, $"@@ -{Range(oldFrom, oldTo)} +{Range(newFrom, newTo)} @@").Append('\n');
            var cursor = oldFrom;
            for (var h = first; h <= last; h++)
            {
                var hunk = hunks[h];
                for (; cursor < hunk.OldStart; cursor++)
                {
                    diff.Append(' ').Append(oldLines[cursor]).Append('\n');
                }

                for (var i = hunk.OldStart; i < hunk.OldEnd; i++)
                {
                    diff.Append('-').Append(oldLines[i]).Append('\n');
                }

                for (var i = hunk.NewStart; i < hunk.NewEnd; i++)
                {
                    diff.Append('+').Append(newLines[i]).Append('\n');
                }

                cursor = hunk.OldEnd;
            }

            for (; cursor < oldTo; cursor++)
            {
                diff.Append(' ').Append(oldLines[cursor]).Append('\n');
            }

            first = last + 1;
        }

        return diff.ToString();
    }

    // Unified diff ranges are 1-based; an empty range names the line before it.
    private static string Range(int from, int to) =>
        string.Create(CultureInfo.InvariantCulture, $"{(to > from ? from + 1 : from)},{to - from}");

    // A file's final newline ends its last line rather than starting an empty one.
    private static string[] DisplayLines(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var lines = Split(text);
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }
}
