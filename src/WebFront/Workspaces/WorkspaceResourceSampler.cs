using Microsoft.Extensions.Options;
using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.WebFront.Workspaces;

/// <summary>
/// Every <see cref="WorkspaceIndexOptions.SamplePeriod"/>, asks each workspace the index lists as running for a resource
/// sample and writes it into the index; listings then show CPU and memory without calling a grain. It writes nothing
/// else: status comes from the grains' own events (<see cref="WorkspaceIndexProjection"/>). A workspace its grain has no
/// record of can send no event, so the sampler tells the projection, which marks it Failed: one left "Creating" by a
/// crash between the index insert and the grain's create (after <see cref="WorkspaceIndexOptions.CreationGracePeriod"/>),
/// or a running one whose grain state was lost.
/// </summary>
internal sealed partial class WorkspaceResourceSampler(
    WorkspaceIndex index,
    IGrainFactory grains,
    IOptions<WorkspaceIndexOptions> options,
    TimeProvider time,
    ILogger<WorkspaceResourceSampler> logger) : BackgroundService
{
    private readonly WorkspaceIndexOptions _options = options.Value;

    /// <summary>One round: every active workspace, <see cref="WorkspaceIndexOptions.SampleConcurrency"/> at a time.</summary>
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        var active = await index.ListActiveAsync(cancellationToken);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.SampleConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(active, parallel, async (workspace, token) => await SampleAsync(workspace.Id, workspace.Status, workspace.CreatedAt, token));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.SamplePeriod <= TimeSpan.Zero)
        {
            return;
        }

        LogSampling(logger, _options.SamplePeriod);
        using var timer = new PeriodicTimer(_options.SamplePeriod, time);
        try
        {
            do
            {
                try
                {
                    await SampleAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
                {
                    LogRoundFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task SampleAsync(string workspaceId, WorkspaceStatus indexed, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        var grain = grains.GetGrain<IWorkspaceGrain>(workspaceId);
        try
        {
            if (indexed == WorkspaceStatus.Running)
            {
                await index.RecordSampleAsync(workspaceId, await grain.GetStats(), cancellationToken);
            }
            else if (indexed == WorkspaceStatus.Creating && time.GetUtcNow() - createdAt > _options.CreationGracePeriod)
            {
                // Still Creating long after the create call: throws WorkspaceNotFoundException when the grain never made it.
                await grain.GetInfo();
            }
        }
        catch (WorkspaceNotFoundException)
        {
            var error = indexed == WorkspaceStatus.Creating
                ? "Creating the workspace was interrupted before it existed; delete it and create another."
                : "The workspace's state is gone (its grain has no record of it); delete it and create another.";
            await grains.GetGrain<IWorkspaceIndexProjection>(workspaceId).MarkLost(indexed, error);
            LogLost(logger, workspaceId, indexed);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
        {
            // Usually it stopped between the two calls; the next round sees it as it is then.
            LogSampleFailed(logger, workspaceId, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sampling active workspaces into the workspace index every {Period}")]
    private static partial void LogSampling(ILogger logger, TimeSpan period);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A sampling round of the workspace index failed")]
    private static partial void LogRoundFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workspace {WorkspaceId} is {Status} in the index but its grain has no record of it; marked Failed")]
    private static partial void LogLost(ILogger logger, string workspaceId, WorkspaceStatus status);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sampling workspace {WorkspaceId} failed: {Problem}")]
    private static partial void LogSampleFailed(ILogger logger, string workspaceId, string problem);
}
