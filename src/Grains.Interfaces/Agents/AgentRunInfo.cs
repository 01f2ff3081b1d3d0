namespace Vibe.Grains.Interfaces.Agents;

/// <summary>A run as the chat panel shows it: who asked what, how it went, what it changed; Events replays it.</summary>
[GenerateSerializer, Alias("Vibe.AgentRunInfo")]
public sealed record AgentRunInfo(
    [Id(0)] string WorkspaceId,
    [Id(1)] string RunId,
    [Id(2)] string ThreadId,
    [Id(3)] string UserId,
    [Id(4)] string UserName,
    [Id(5)] string Prompt,
    [Id(6)] AgentRunStatus Status,
    [Id(7)] string? Error,
    [Id(8)] int Steps,
    [Id(9)] long InputTokens,
    [Id(10)] long OutputTokens,
    [Id(11)] DateTimeOffset StartedAt,
    [Id(12)] DateTimeOffset? EndedAt,
    [Id(13)] bool Reverted,
    [Id(14)] IReadOnlyList<string> ChangedFiles,
    [Id(15)] IReadOnlyList<AgentRunEvent> Events);
