namespace Vibe.Docker.Networks;

/// <summary>The body of <c>POST /networks/create</c>.</summary>
public sealed class NetworkCreateParameters
{
    public string Name { get; set; } = "";

    /// <summary>Refuse to create a second network with the same name (409).</summary>
    public bool CheckDuplicate { get; set; } = true;

    public string Driver { get; set; } = "bridge";

    /// <summary>No route to the outside world: containers only reach each other.</summary>
    public bool Internal { get; set; }

    public bool Attachable { get; set; }

    public IDictionary<string, string>? Labels { get; set; }

    /// <summary>Driver options, e.g. <c>com.docker.network.bridge.enable_icc</c>.</summary>
    public IDictionary<string, string>? Options { get; set; }
}
