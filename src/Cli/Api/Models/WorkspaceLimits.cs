namespace Vibe.Cli.Api.Models;

/// <summary>A workspace's limits: CPUs, memory in MiB, processes.</summary>
internal sealed record WorkspaceLimits(double Cpus, long MemoryMb, long Pids);
