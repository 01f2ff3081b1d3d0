namespace Vibe.Grains.Agents;

/// <summary>A run as the chat panel shows it: who asked what, how it went, what it changed; Events replays it.</summary>
public sealed record AgentRunInfo(
    string WorkspaceId,
    string RunId,
    string ThreadId,
    string UserId,
    string UserName,
    string Prompt,
    AgentRunStatus Status,
    string? Error,
    int Steps,
    long InputTokens,
    long OutputTokens,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    bool Reverted,
    IReadOnlyList<string> ChangedFiles,
    IReadOnlyList<AgentRunEvent> Events);
