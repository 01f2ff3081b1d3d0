namespace Vibe.Grains.Interfaces.Workspaces;

/// <summary>Where a workspace is in its lifecycle. Creating, Starting and Stopping are transitions: persisted before the Docker call they cover.</summary>
[GenerateSerializer, Alias("Vibe.WorkspaceStatus")]
public enum WorkspaceStatus
{
    Creating,
    Starting,
    Running,
    Stopping,
    Stopped,

    /// <summary>The container died on its own (crash, kill, OOM) or a transition failed; <see cref="WorkspaceInfo.LastError"/> says why. It can be started again.</summary>
    Failed,

    /// <summary>The container and the files are gone; the id cannot be used again.</summary>
    Deleted,
}
