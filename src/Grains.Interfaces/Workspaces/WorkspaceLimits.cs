namespace Vibe.Grains.Interfaces.Workspaces;

/// <summary>The resources a workspace's container may use.</summary>
/// <param name="NanoCpus">CPU quota in 1e-9 CPUs (1_000_000_000 = one CPU).</param>
/// <param name="MemoryBytes">Memory limit (no swap on top of it); /tmp counts against it.</param>
/// <param name="PidsLimit">Maximum number of processes and threads.</param>
[GenerateSerializer, Alias("Vibe.WorkspaceLimits")]
public sealed record WorkspaceLimits([Id(0)] long NanoCpus, [Id(1)] long MemoryBytes, [Id(2)] long PidsLimit);
