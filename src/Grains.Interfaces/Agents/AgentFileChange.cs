namespace Vibe.Grains.Interfaces.Agents;

/// <summary>A file a run changed: its text before the run's first change and after its last (null: did not exist / deleted).</summary>
[GenerateSerializer, Alias("Vibe.AgentFileChange")]
public sealed record AgentFileChange([Id(0)] string Path, [Id(1)] string? Before, [Id(2)] string? After);
