namespace Vibe.Docker.Containers;

/// <summary>A container's endpoint in one network; also the <c>EndpointConfig</c> of a network connect.</summary>
public sealed class EndpointSettings
{
    public IList<string>? Aliases { get; set; }

    public string? NetworkID { get; set; }

    public string? EndpointID { get; set; }

    public string? Gateway { get; set; }

    public string? IPAddress { get; set; }

    public string? MacAddress { get; set; }
}
