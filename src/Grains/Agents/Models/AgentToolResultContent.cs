namespace Vibe.Grains.Agents.Models;

/// <summary>The result of a tool call; goes in a user message after the assistant message that made the call.</summary>
/// <param name="IsError">True when the tool failed and <paramref name="Output"/> says why.</param>
public sealed record AgentToolResultContent(string ToolCallId, string Output, bool IsError) : AgentContent;
