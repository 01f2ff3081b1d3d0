namespace Vibe.Docker.Runtime;

/// <summary>The labels every workspace container carries, so that sweepers and event watchers can find them.</summary>
public static class ContainerLabels
{
    public const string Workspace = "vibe.workspace";

    public const string Owner = "vibe.owner";

    /// <summary>The silo that created the container.</summary>
    public const string Silo = "vibe.silo";

    /// <summary>The service (set of silos sharing grain storage) the container belongs to: the runtime only sees its own service's containers.</summary>
    public const string Service = "vibe.service";

    /// <summary>Marks a warm-pool container (made ahead for a template, not yet any workspace's); the value is the template.</summary>
    public const string Pool = "vibe.pool";

    /// <summary>The container's own network (a workspace with network access has one), removed with the container.</summary>
    public const string Network = "vibe.network";

    /// <summary>The pool slot of a warm-pool container: its first name, and the name of the directory it was bound to.</summary>
    public const string PoolSlot = "vibe.pool.slot";
}
