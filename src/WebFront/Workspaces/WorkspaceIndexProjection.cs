using Orleans.Streams;
using Orleans.Streams.Core;
using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.WebFront.Workspaces;

/// <summary>
/// Keeps the workspace index's status, container, name and limits columns in step with the workspace grains: an implicit
/// subscriber to each workspace's status stream (<see cref="WorkspaceStreams.Status"/>, one activation per workspace, same
/// key) that copies the snapshot every persisted change carries (<see cref="WorkspaceStatusChanged.Workspace"/>) into the
/// row. It is the only code that writes those columns. The class exists only in the web front, so Orleans activates it
/// only on web silos, wherever the workspace grain runs: listings are right in a cluster too. The API writes only the
/// row's existence (insert on create, the deleted flag on delete and on a create it gave up) and its team (a move); the
/// resource sampler writes only samples. Events arrive in order; a failed write is retried by the stream's delivery,
/// and the index never lets an older status replace a newer one.
/// </summary>
[ImplicitStreamSubscription(WorkspaceStreams.Status)]
internal sealed partial class WorkspaceIndexProjection(WorkspaceIndex index, ILogger<WorkspaceIndexProjection> logger)
    : Grain, IWorkspaceIndexProjection, IStreamSubscriptionObserver, IAsyncObserver<WorkspaceStatusChanged>
{
    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        return handleFactory.Create<WorkspaceStatusChanged>().ResumeAsync(this);
    }

    public async Task OnNextAsync(WorkspaceStatusChanged item, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Workspace is { } workspace)
        {
            await index.ApplyAsync(workspace, CancellationToken.None);
        }
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        LogStreamFailed(logger, ex, this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public Task MarkLost(WorkspaceStatus seen, string error) =>
        index.MarkLostAsync(this.GetPrimaryKeyString(), seen, error, CancellationToken.None);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workspace {WorkspaceId}: its status stream failed; the index follows it again from the next event")]
    private static partial void LogStreamFailed(ILogger logger, Exception ex, string workspaceId);
}
