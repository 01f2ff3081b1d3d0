using System.Globalization;
using Vibe.Grains.Interfaces.Errors;
using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.Grains.Workspaces;

/// <summary>Checks limits against what Docker accepts on this host, so a bad value fails at create time with a clear message.</summary>
public static class WorkspaceLimitsValidation
{
    /// <summary>Docker refuses memory limits under 6 MiB; a shell needs a few more.</summary>
    public const long MinMemoryBytes = 8L * 1024 * 1024;

    public const long MinNanoCpus = 10_000_000;

    public const long MinPids = 8;

    /// <summary>Throws when <paramref name="limits"/> fall outside Docker's minimums or the operator's <paramref name="max"/>.</summary>
    public static void Validate(WorkspaceLimits limits, WorkspaceLimits max)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(max);
        var maxNanoCpus = Math.Min(max.NanoCpus, Environment.ProcessorCount * 1_000_000_000L);
        if (limits.NanoCpus < MinNanoCpus || limits.NanoCpus > maxNanoCpus)
        {
            throw new InvalidRequestException(string.Create(CultureInfo.InvariantCulture,
                $"The CPU limit {limits.NanoCpus / 1e9:0.###} CPUs is out of range: this installation allows 0.01 to {maxNanoCpus / 1e9:0.###} CPUs."));
        }

        if (limits.MemoryBytes < MinMemoryBytes || limits.MemoryBytes > max.MemoryBytes)
        {
            throw new InvalidRequestException(string.Create(CultureInfo.InvariantCulture,
                $"The memory limit {limits.MemoryBytes / (1024 * 1024)} MiB is out of range: this installation allows {MinMemoryBytes / (1024 * 1024)} to {max.MemoryBytes / (1024 * 1024)} MiB."));
        }

        if (limits.PidsLimit < MinPids || limits.PidsLimit > max.PidsLimit)
        {
            throw new InvalidRequestException(string.Create(CultureInfo.InvariantCulture,
                $"The process limit {limits.PidsLimit} is out of range: this installation allows {MinPids} to {max.PidsLimit}."));
        }
    }
}
