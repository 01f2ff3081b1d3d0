namespace Vibe.Docker.Networks;

/// <summary>One entry of <c>GET /networks</c> (also the answer of inspect).</summary>
public sealed class NetworkSummary
{
    public string Name { get; init; } = "";

    public string Id { get; init; } = "";

    public DateTimeOffset Created { get; init; }

    public string? Scope { get; init; }

    public string? Driver { get; init; }

    public bool Internal { get; init; }

    public bool Attachable { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Container ID to its endpoint (filled by inspect, empty in lists).</summary>
    public IReadOnlyDictionary<string, NetworkContainer>? Containers { get; init; }
}
