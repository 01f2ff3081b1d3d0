namespace Vibe.Grains.Agents.Models;

/// <summary>A tool call the model made, replayed in an assistant message.</summary>
/// <param name="Id">The provider's id of the call, echoed by its result.</param>
/// <param name="InputJson">The call's input as JSON object text.</param>
public sealed record AgentToolCallContent(string Id, string Name, string InputJson) : AgentContent;
