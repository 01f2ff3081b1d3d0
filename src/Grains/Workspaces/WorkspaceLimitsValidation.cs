using System.Globalization;

namespace Vibe.Grains.Workspaces;

/// <summary>Checks limits against what Docker accepts on this host, so a bad value fails at create time with a clear message.</summary>
public static class WorkspaceLimitsValidation
{
    /// <summary>Docker refuses memory limits under 6 MiB; a shell needs a few more.</summary>
    public const long MinMemoryBytes = 8L * 1024 * 1024;

    public const long MinNanoCpus = 10_000_000;

    public const long MinPids = 8;

    public static void Validate(WorkspaceLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var maxNanoCpus = Environment.ProcessorCount * 1_000_000_000L;
        if (limits.NanoCpus < MinNanoCpus || limits.NanoCpus > maxNanoCpus)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The CPU limit {limits.NanoCpus / 1e9:0.###} CPUs is out of range: this host allows 0.01 to {Environment.ProcessorCount} CPUs."), nameof(limits));
        }

        if (limits.MemoryBytes < MinMemoryBytes)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The memory limit {limits.MemoryBytes} bytes is below the minimum of {MinMemoryBytes / (1024 * 1024)} MiB."), nameof(limits));
        }

        if (limits.PidsLimit < MinPids)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The process limit {limits.PidsLimit} is below the minimum of {MinPids}."), nameof(limits));
        }
    }
}
