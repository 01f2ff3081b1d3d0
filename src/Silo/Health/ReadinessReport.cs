namespace Vibe.Silo.Health;

/// <summary>The body of /readyz.</summary>
/// <param name="Status">"starting", "ready" or "stopping".</param>
/// <param name="Silo">The silo's name (SiloOptions.SiloName).</param>
/// <param name="Activations">Grain activations alive in this silo.</param>
internal sealed record ReadinessReport(string Status, string Silo, long Activations);
