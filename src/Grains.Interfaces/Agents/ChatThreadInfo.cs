namespace Vibe.Grains.Agents;

/// <summary>One conversation of a workspace's AI panel; RunIds in order, each run carrying its prompt and the agent's answer.</summary>
public sealed record ChatThreadInfo(string ThreadId, string Title, string CreatedBy, DateTimeOffset CreatedAt, IReadOnlyList<string> RunIds);
