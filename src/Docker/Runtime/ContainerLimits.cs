namespace Vibe.Docker.Runtime;

/// <summary>The resources one workspace container may use.</summary>
/// <param name="NanoCpus">CPU quota in 1e-9 CPUs (1_000_000_000 = one CPU).</param>
/// <param name="MemoryBytes">Memory limit; swap is not allowed on top of it.</param>
/// <param name="PidsLimit">Maximum number of processes and threads, which stops fork bombs.</param>
public sealed record ContainerLimits(long NanoCpus, long MemoryBytes, long PidsLimit);
