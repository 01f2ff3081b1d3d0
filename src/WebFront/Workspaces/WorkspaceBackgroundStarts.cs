using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.WebFront.Workspaces;

/// <summary>
/// Starts workspaces created with <c>start: true</c> after the create call has answered: the caller follows progress
/// and the outcome over the hub (status events); the index follows the grain's own events (<see cref="WorkspaceIndexProjection"/>).
/// Starts under way are awaited when the host stops.
/// </summary>
internal sealed partial class WorkspaceBackgroundStarts(
    IGrainFactory grains,
    ILogger<WorkspaceBackgroundStarts> logger) : IHostedService
{
    private readonly Dictionary<string, Task> _starts = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Starts <paramref name="workspaceId"/> in the background (once, if asked again while that start is under way).</summary>
    public void Start(string workspaceId, Guid requestedBy)
    {
        lock (_lock)
        {
            if (!_starts.ContainsKey(workspaceId))
            {
                _starts[workspaceId] = RunAsync(workspaceId, requestedBy);
            }
        }
    }

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    async Task IHostedService.StopAsync(CancellationToken cancellationToken)
    {
        Task[] running;
        lock (_lock)
        {
            running = [.. _starts.Values];
        }

        try
        {
            await Task.WhenAll(running).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host gives up waiting; the grains finish or repair their transitions on their own.
        }
    }

    private async Task RunAsync(string workspaceId, Guid requestedBy)
    {
        // Off the caller's thread at once: the request answers without waiting for any of this.
        await Task.Yield();
        try
        {
            await StartAsync(workspaceId, requestedBy);
        }
        finally
        {
            lock (_lock)
            {
                _starts.Remove(workspaceId);
            }
        }
    }

    private async Task StartAsync(string workspaceId, Guid requestedBy)
    {
        try
        {
            await grains.GetGrain<IWorkspaceGrain>(workspaceId).Start();
            LogStarted(logger, workspaceId, requestedBy);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogStartFailed(logger, workspaceId, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workspace {WorkspaceId} started in the background for {UserId}")]
    private static partial void LogStarted(ILogger logger, string workspaceId, Guid userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Starting workspace {WorkspaceId} in the background failed: {Problem}")]
    private static partial void LogStartFailed(ILogger logger, string workspaceId, string problem);
}
