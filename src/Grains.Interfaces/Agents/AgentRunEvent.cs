namespace Vibe.Grains.Agents;

/// <summary>
/// One thing that happened in a run, in order (<paramref name="Sequence"/> counts from 1 per run, without gaps); the fields
/// that do not apply to <paramref name="Kind"/> are null.
/// </summary>
public sealed record AgentRunEvent(
    string WorkspaceId,
    string RunId,
    long Sequence,
    AgentRunEventKind Kind,
    DateTimeOffset At,
    string? Text = null,
    string? ToolCallId = null,
    string? ToolName = null,
    string? Input = null,
    string? Output = null,
    bool IsError = false,
    string? Diff = null,
    long InputTokens = 0,
    long OutputTokens = 0,
    AgentRunStatus? Status = null,
    string? Error = null);
