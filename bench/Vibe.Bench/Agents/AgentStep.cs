namespace Vibe.Bench.Agents;

/// <summary>One tool step of an agent run: its whole gap, and the tool's work within it (see <see cref="StepClock"/>).</summary>
internal readonly record struct AgentStep(string Tool, TimeSpan Gap, TimeSpan Work)
{
    /// <summary>Vibe's own time for the step: the gap less the work the direct baseline does too.</summary>
    public TimeSpan Own => Gap - Work;
}
