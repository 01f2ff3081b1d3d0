namespace Vibe.Grains.Interfaces.Agents;

/// <summary>
/// One thing that happened in a run, in order (<paramref name="Sequence"/> counts from 1 per run, without gaps); the fields
/// that do not apply to <paramref name="Kind"/> are null.
/// </summary>
[GenerateSerializer, Alias("Vibe.AgentRunEvent")]
public sealed record AgentRunEvent(
    [Id(0)] string WorkspaceId,
    [Id(1)] string RunId,
    [Id(2)] long Sequence,
    [Id(3)] AgentRunEventKind Kind,
    [Id(4)] DateTimeOffset At,
    [Id(5)] string? Text = null,
    [Id(6)] string? ToolCallId = null,
    [Id(7)] string? ToolName = null,
    [Id(8)] string? Input = null,
    [Id(9)] string? Output = null,
    [Id(10)] bool IsError = false,
    [Id(11)] string? Diff = null,
    [Id(12)] long InputTokens = 0,
    [Id(13)] long OutputTokens = 0,
    [Id(14)] AgentRunStatus? Status = null,
    [Id(15)] string? Error = null);
