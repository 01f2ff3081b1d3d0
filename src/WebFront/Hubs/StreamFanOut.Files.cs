using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.WebFront.Hubs;

/// <summary>The file trees' part of the fan-out: one watch per watched workspace on its <see cref="IWorkspaceTreeGrain"/>.</summary>
internal sealed partial class StreamFanOut
{
    /// <summary>Adds the connection to the workspace's files group, watching its tree if it is the first watcher.</summary>
    public Task JoinFilesAsync(string connectionId, string workspaceId) =>
        JoinAsync(connectionId, HubGroups.Files(workspaceId), feed => SubscribeAllAsync(
            feed,
            subscriptions => WatchAsync<IWorkspaceTreeGrain, IWorkspaceTreeObserver>(
                feed, subscriptions, _cluster.GetGrain<IWorkspaceTreeGrain>(workspaceId), static (grain, watcher) => grain.Watch(watcher), static (grain, watcher) => grain.Unwatch(watcher))));

    public Task LeaveFilesAsync(string connectionId, string workspaceId) => LeaveAsync(connectionId, HubGroups.Files(workspaceId));
}
