using Vibe.WebFront.Workspaces;

namespace Vibe.WebFront.Hubs;

/// <summary>The file tree's hub methods: watching a workspace's directories for entries made, removed or renamed on disk (client event <c>filesChanged</c>).</summary>
internal sealed partial class WorkspaceHub
{
    /// <summary>Starts the caller's <c>filesChanged</c> events for the workspace (Read); list the directories after this so nothing is missed.</summary>
    [IdempotentHubMethod]
    [RequiresWorkspace(WorkspacePermission.Read, "watch its files")]
    [Subscribes]
    public async Task WatchFiles(string workspaceId)
    {
        await fanOut.JoinFilesAsync(Context.ConnectionId, workspaceId);
    }

    /// <summary>Stops the caller's file events for the workspace (needs no permission).</summary>
    [IdempotentHubMethod]
    public Task UnwatchFiles(string workspaceId)
    {
        ValidateWorkspaceId(workspaceId);
        return fanOut.LeaveFilesAsync(Context.ConnectionId, workspaceId);
    }
}
