namespace Vibe.Grains.Agents;

/// <summary>A file a run changed: its text before the run's first change and after its last (null: did not exist / deleted).</summary>
public sealed record AgentFileChange(string Path, string? Before, string? After);
