namespace Vibe.Docker.Containers;

/// <summary>A mount of an inspected container.</summary>
public sealed class MountPoint
{
    /// <summary><c>bind</c>, <c>volume</c> or <c>tmpfs</c>.</summary>
    public string? Type { get; init; }

    public string? Source { get; init; }

    public string? Destination { get; init; }

    public string? Mode { get; init; }

    public bool RW { get; init; }
}
