namespace Vibe.Docker.Containers;

/// <summary>A port of a listed container, with its host side when published.</summary>
public sealed class ContainerPort
{
    public string? IP { get; init; }

    public int PrivatePort { get; init; }

    public int? PublicPort { get; init; }

    /// <summary><c>tcp</c>, <c>udp</c> or <c>sctp</c>.</summary>
    public string? Type { get; init; }
}
