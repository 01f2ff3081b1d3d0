using Microsoft.Extensions.Logging;
using Vibe.Docker.Logs;
using Vibe.Docker.Runtime;

namespace Vibe.Grains.Workspaces;

/// <summary>
/// Follows a running workspace container's output off the workspace grain's turns (it only reads the engine) and hands each
/// line to a publisher, the grain's log watchers, one at a time and in order, until it is cancelled or the output ends.
/// </summary>
internal static partial class WorkspaceLogPump
{
    /// <summary>Starts following on the thread pool; cancel the returned source to stop.</summary>
    public static CancellationTokenSource Start(IContainerRuntime runtime, string workspaceId, string containerId, DateTimeOffset since, Func<WorkspaceLogLine, Task> publish, ILogger logger)
    {
        var pump = new CancellationTokenSource();
        var cancellationToken = pump.Token;
        _ = Task.Run(() => RunAsync(runtime, workspaceId, containerId, since, publish, logger, cancellationToken), CancellationToken.None);
        return pump;
    }

    public static WorkspaceLogLine ToLogLine(string workspaceId, LogLine line) =>
        new(workspaceId, line.Stream == StdStream.Stderr ? WorkspaceLogStream.Stderr : WorkspaceLogStream.Stdout, line.Text, line.Timestamp);

    private static async Task RunAsync(IContainerRuntime runtime, string workspaceId, string containerId, DateTimeOffset since, Func<WorkspaceLogLine, Task> publish, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var line in runtime.LogsAsync(containerId, follow: true, since: since, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                await publish(ToLogLine(workspaceId, line)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped or deactivated.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogPumpFailed(logger, ex, workspaceId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workspace {WorkspaceId}: following the container's logs failed")]
    private static partial void LogPumpFailed(ILogger logger, Exception ex, string workspaceId);
}
