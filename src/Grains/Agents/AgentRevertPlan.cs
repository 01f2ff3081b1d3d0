namespace Vibe.Grains.Agents;

/// <summary>What reverting one file comes to: the text to restore, or why it cannot be (a person edited the same lines).</summary>
internal sealed record AgentRevertPlan(string? Text, string? Conflict)
{
    public static AgentRevertPlan Restore(string text) => new(text, null);

    public static AgentRevertPlan Refuse(string conflict) => new(null, conflict);
}
