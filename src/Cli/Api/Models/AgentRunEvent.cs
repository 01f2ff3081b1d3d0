namespace Vibe.Cli.Api.Models;

/// <summary>The hub's <c>agentEvent</c>: one thing that happened in a run, numbered from 1 per run by <c>Sequence</c>.</summary>
internal sealed record AgentRunEvent(string WorkspaceId, string RunId, long Sequence, string Kind, string? Text, string? ToolCallId, string? ToolName, string? Input, string? Output, bool IsError, string? Diff, long InputTokens, long OutputTokens, string? Status, string? Error);
