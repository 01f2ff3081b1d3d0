using Vibe.Bench.Workspaces;

namespace Vibe.Bench.Agents;

/// <summary>The gaps, the tool's work and Vibe's own time of a set of <see cref="AgentStep"/>s.</summary>
internal sealed class StepSamples
{
    public Samples Gap { get; } = new();

    public Samples Work { get; } = new();

    public Samples Own { get; } = new();

    public void AddAll(IEnumerable<AgentStep> steps)
    {
        foreach (var step in steps)
        {
            Gap.Add(step.Gap);
            Work.Add(step.Work);
            Own.Add(step.Own);
        }
    }
}
