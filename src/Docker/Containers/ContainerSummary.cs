namespace Vibe.Docker.Containers;

/// <summary>One entry of <c>GET /containers/json</c>.</summary>
public sealed class ContainerSummary
{
    public string Id { get; init; } = "";

    /// <summary>Names with their leading slash.</summary>
    public IReadOnlyList<string> Names { get; init; } = [];

    public string? Image { get; init; }

    public string? ImageID { get; init; }

    public string? Command { get; init; }

    /// <summary>Creation time in Unix seconds.</summary>
    public long Created { get; init; }

    /// <summary><c>created</c>, <c>running</c>, <c>exited</c>...</summary>
    public string State { get; init; } = "";

    /// <summary>Human-readable status (<c>Up 3 minutes</c>).</summary>
    public string? Status { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    public IReadOnlyList<ContainerPort>? Ports { get; init; }
}
