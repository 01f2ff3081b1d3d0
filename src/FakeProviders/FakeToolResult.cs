namespace Vibe.FakeProviders;

/// <summary>A tool result the model was sent, read from either protocol's request.</summary>
/// <param name="IsError">Anthropic's is_error flag; always false for OpenAI, which has none.</param>
public sealed record FakeToolResult(string ToolCallId, string Content, bool IsError);
