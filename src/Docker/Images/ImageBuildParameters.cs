namespace Vibe.Docker.Images;

/// <summary>Options of <c>POST /build</c>.</summary>
public sealed class ImageBuildParameters
{
    /// <summary>Names to tag the result with (<c>vibe/blank:latest</c>).</summary>
    public IList<string> Tags { get; set; } = [];

    /// <summary>Path of the Dockerfile inside the context.</summary>
    public string Dockerfile { get; set; } = "Dockerfile";

    public IDictionary<string, string>? Labels { get; set; }

    /// <summary>Build arguments. Values may be secrets: they are never logged.</summary>
    public IDictionary<string, string>? BuildArgs { get; set; }

    public bool NoCache { get; set; }

    /// <summary>Remove intermediate containers, even after a failed step.</summary>
    public bool RemoveIntermediateContainers { get; set; } = true;

    /// <summary>Try to pull newer base images (never possible here: off by default).</summary>
    public bool Pull { get; set; }
}
