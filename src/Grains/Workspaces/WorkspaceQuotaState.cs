namespace Vibe.Grains.Workspaces;

/// <summary>What <see cref="WorkspaceQuotaGrain"/> persists: the workspaces holding a running slot.</summary>
internal sealed class WorkspaceQuotaState
{
    public List<string> Running { get; set; } = [];
}
