using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.Grains.Workspaces;

/// <summary>What <see cref="WorkspaceGrain"/> persists. <see cref="Status"/> is null until the workspace is created.</summary>
internal sealed class WorkspaceState
{
    public WorkspaceStatus? Status { get; set; }

    public WorkspaceSpec? Spec { get; set; }

    /// <summary>The limits in force: the spec's, or the defaults when it had none.</summary>
    public WorkspaceLimits? Limits { get; set; }

    /// <summary>The name the current container has or is about to get, written before it is created so a crash cannot lose it.</summary>
    public string? ContainerName { get; set; }

    public string? ContainerId { get; set; }

    /// <summary>Counts the containers made for this workspace; each gets a new name.</summary>
    public int ContainerGeneration { get; set; }

    /// <summary>A delete was under way; the next activation finishes it.</summary>
    public bool DeletePending { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset StatusChangedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? StoppedAt { get; set; }

    public DateTimeOffset LastActivityAt { get; set; }

    public string? LastError { get; set; }

    public int? ExitCode { get; set; }

    public bool OomKilled { get; set; }

    public DateTimeOffset? LastOomAt { get; set; }

    /// <summary>The ports whose preview the owner opened to anyone with the link, ascending.</summary>
    public List<int> PublicPorts { get; set; } = [];
}
