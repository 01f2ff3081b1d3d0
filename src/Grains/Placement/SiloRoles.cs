namespace Vibe.Grains.Placement;

/// <summary>
/// The silo metadata entry that says what a silo is for. Every Vibe silo publishes one; the grains that own Docker resources
/// (workspaces, terminals, documents, agent runs) go only to silos whose role is not <see cref="Web"/>.
/// </summary>
public static class SiloRoles
{
    /// <summary>The silo metadata key.</summary>
    public const string MetadataKey = "role";

    /// <summary>A web front that joined a cluster: it serves HTTP and the hubs and hosts no Vibe grain.</summary>
    public const string Web = "web";

    /// <summary>A silo that hosts grains: a Silo process, or WebFront running alone (the embedded default).</summary>
    public const string Grains = "grains";
}
