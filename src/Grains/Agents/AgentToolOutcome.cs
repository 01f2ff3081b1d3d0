namespace Vibe.Grains.Agents;

/// <summary>What a tool call gave: the text that goes back to the model, whether it failed, and a unified diff for file edits.</summary>
internal sealed record AgentToolOutcome(string Output, bool IsError, string? Diff = null)
{
    public static AgentToolOutcome Error(string message) => new(message, IsError: true);
}
