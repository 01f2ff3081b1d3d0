namespace Vibe.Grains.Agents.Models;

/// <summary>A complete tool call (its input assembled from the streamed fragments).</summary>
/// <param name="InputJson">The input as JSON object text ("{}" when the model sent none).</param>
public sealed record AgentToolCall(string Id, string Name, string InputJson) : AgentModelEvent;
