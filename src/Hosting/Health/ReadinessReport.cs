using System.Text.Json.Serialization;

namespace Vibe.Hosting.Health;

/// <summary>The body of /readyz.</summary>
/// <param name="Status">"starting", "ready" or "stopping".</param>
/// <param name="Silo">The silo's name (SiloOptions.SiloName).</param>
/// <param name="Activations">Grain activations alive in this silo.</param>
/// <param name="SiloAddress">In a cluster, this silo's address "ip:port@generation"; absent when standalone or not yet joined.</param>
/// <param name="Cluster">In a cluster, its id; absent when standalone.</param>
/// <param name="ActiveSilos">In a cluster, how many silos the membership table lists as Active; absent when standalone or unreadable.</param>
internal sealed record ReadinessReport(
    string Status,
    string Silo,
    long Activations,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SiloAddress = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Cluster = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ActiveSilos = null);
