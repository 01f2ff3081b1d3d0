namespace Vibe.Grains.Interfaces.Agents;

/// <summary>One conversation of a workspace's AI panel; RunIds in order, each run carrying its prompt and the agent's answer.</summary>
[GenerateSerializer, Alias("Vibe.ChatThreadInfo")]
public sealed record ChatThreadInfo([Id(0)] string ThreadId, [Id(1)] string Title, [Id(2)] string CreatedBy, [Id(3)] DateTimeOffset CreatedAt, [Id(4)] IReadOnlyList<string> RunIds);
