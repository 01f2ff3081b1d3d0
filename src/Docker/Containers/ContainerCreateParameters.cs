using System.Text.Json.Serialization;

namespace Vibe.Docker.Containers;

/// <summary>What <see cref="ContainerOperations.CreateAsync"/> sends: the configuration, the host configuration and the optional name.</summary>
public sealed class ContainerCreateParameters : ContainerConfig
{
    /// <summary>The container's name (sent as the <c>name</c> query parameter); the daemon picks one when null.</summary>
    [JsonIgnore]
    public string? Name { get; set; }

    public HostConfig? HostConfig { get; set; }
}
