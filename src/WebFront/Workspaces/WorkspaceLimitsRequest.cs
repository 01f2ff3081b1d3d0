namespace Vibe.WebFront.Workspaces;

/// <summary>Limits asked for when creating or updating a workspace; a missing value keeps the current one (or the default).</summary>
/// <param name="Cpus">CPUs, 0.01 up to this host's count.</param>
/// <param name="MemoryMb">Memory in MiB, at least 8.</param>
/// <param name="Pids">Processes and threads, at least 8.</param>
internal sealed record WorkspaceLimitsRequest(double? Cpus = null, long? MemoryMb = null, long? Pids = null);
