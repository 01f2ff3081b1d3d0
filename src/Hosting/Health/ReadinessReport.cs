using System.Text.Json.Serialization;

namespace Vibe.Hosting.Health;

/// <summary>The body of /readyz: the status for everyone, the rest only for the installation admin and callers on this machine.</summary>
/// <param name="Status">"starting", "ready" or "stopping".</param>
/// <param name="Silo">The silo's name (SiloOptions.SiloName).</param>
/// <param name="Activations">Grain activations alive in this silo.</param>
/// <param name="SiloAddress">In a cluster, this silo's address "ip:port@generation"; absent when standalone or not yet joined.</param>
/// <param name="Cluster">In a cluster, its id; absent when standalone.</param>
/// <param name="ActiveSilos">In a cluster, how many silos the membership table lists as Active; absent when standalone or unreadable.</param>
internal sealed record ReadinessReport(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Silo = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Activations = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SiloAddress = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Cluster = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ActiveSilos = null);
