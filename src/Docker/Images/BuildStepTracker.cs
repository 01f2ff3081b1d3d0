using System.Globalization;
using System.Text.RegularExpressions;

namespace Vibe.Docker.Images;

/// <summary>
/// Turns the lines a build prints into <see cref="TemplateBuildProgress"/>: the classic builder announces each Dockerfile
/// instruction as <c>Step N/M : INSTRUCTION</c>, so a step starting is (N-1)/M of the way, mapped into
/// [<paramref name="from"/>, <paramref name="to"/>] of the whole (a missing base image takes the part before).
/// Other lines (the output of a RUN step) change nothing: they carry no measure of how far the step is.
/// </summary>
internal sealed partial class BuildStepTracker(int from = 0, int to = 100)
{
    private const int MaxInstructionLength = 60;

    public TemplateBuildProgress? Current { get; private set; }

    /// <summary>The progress after <paramref name="line"/>, or null when the line does not move it.</summary>
    public TemplateBuildProgress? Observe(string line)
    {
        if (line.StartsWith("Successfully built ", StringComparison.Ordinal))
        {
            return Current = new TemplateBuildProgress("Finishing the image", to);
        }

        var step = StepLine().Match(line);
        if (!step.Success)
        {
            return null;
        }

        var number = int.Parse(step.Groups["n"].Value, CultureInfo.InvariantCulture);
        var total = int.Parse(step.Groups["m"].Value, CultureInfo.InvariantCulture);
        if (total <= 0 || number <= 0 || number > total)
        {
            return null;
        }

        var percent = from + ((to - from) * (number - 1) / total);
        return Current = new TemplateBuildProgress($"Step {number} of {total}: {Describe(step.Groups["instruction"].Value)}", percent);
    }

    /// <summary>The instruction as a person reads it: apt-get steps say what they do, long commands are shortened.</summary>
    private static string Describe(string instruction)
    {
        var text = instruction.Trim();
        if (text.Contains("apt-get install", StringComparison.Ordinal))
        {
            return "downloading and installing packages";
        }

        return text.Length <= MaxInstructionLength ? text : string.Concat(text.AsSpan(0, MaxInstructionLength - 1), "…");
    }

    [GeneratedRegex(@"^Step (?<n>\d+)/(?<m>\d+) : (?<instruction>.*)$")]
    private static partial Regex StepLine();
}
