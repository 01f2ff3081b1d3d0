using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.WebFront.Workspaces;

/// <summary>A workspace's limits in the API's units.</summary>
/// <param name="Cpus">CPUs (0.5 is half of one).</param>
/// <param name="MemoryMb">Memory in MiB.</param>
/// <param name="Pids">Processes and threads.</param>
internal sealed record WorkspaceResourceLimits(double Cpus, long MemoryMb, long Pids)
{
    public const long BytesPerMb = 1024L * 1024;

    public static WorkspaceResourceLimits From(WorkspaceLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return new(limits.NanoCpus / 1e9, limits.MemoryBytes / BytesPerMb, limits.PidsLimit);
    }
}
