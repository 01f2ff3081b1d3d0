namespace Vibe.Cli.Api.Models;

/// <summary>One run of the AI agent: the prompt, how it went, and its events so far.</summary>
internal sealed record AgentRunInfo(string WorkspaceId, string RunId, string ThreadId, string Prompt, string Status, string? Error, int Steps, long InputTokens, long OutputTokens, bool Reverted, IReadOnlyList<string> ChangedFiles, IReadOnlyList<AgentRunEvent> Events);
