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
}
