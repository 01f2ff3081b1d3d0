namespace Vibe.WebFront.Workspaces;

/// <summary>How the workspace index is kept current (section "Vibe:WorkspaceIndex"); validated at startup.</summary>
public sealed class WorkspaceIndexOptions
{
    public const string SectionName = "Vibe:WorkspaceIndex";

    /// <summary>How often the resource sampler records CPU and memory of running workspaces and re-reads active ones (default 5 s; 0 turns it off).</summary>
    public TimeSpan SamplePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many workspaces the sampler asks at once; each stats call takes about a second (default 8).</summary>
    public int SampleConcurrency { get; set; } = 8;

    /// <summary>A workspace still "Creating" in the index this long after it was recorded, unknown to its grain, is marked Failed (default 2 min).</summary>
    public TimeSpan CreationGracePeriod { get; set; } = TimeSpan.FromMinutes(2);
}
