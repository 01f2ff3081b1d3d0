namespace Vibe.Grains.Agents.Models;

/// <summary>The stop reasons both providers are mapped to.</summary>
public static class AgentStopReasons
{
    /// <summary>The model finished its answer.</summary>
    public const string EndTurn = "end_turn";

    /// <summary>The model wants the results of the tool calls it made.</summary>
    public const string ToolUse = "tool_use";

    /// <summary>The answer hit the output token limit.</summary>
    public const string MaxTokens = "max_tokens";
}
