using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vibe.Docker.Logs;
using Vibe.Docker.Runtime;
using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.Grains.Workspaces;

/// <summary>
/// Follows a running workspace container's output off the workspace grain's turns (it only reads the engine) and hands the
/// lines to a publisher (the grain's log watchers, or its log stream), in order, until it is cancelled or the output ends.
/// The publisher gets every line that arrived while it handled the previous ones (at most <see cref="MaxBatch"/>), so a
/// publisher that waits for an acknowledgement keeps up with a chatty container. When the publisher is idle, a line goes to it on
/// the thread that read it (the channel runs its continuations inline), not through another thread-pool hop: one wake-up
/// fewer per line on the latency path. Past <see cref="ReadAhead"/> unpublished lines, reading waits, so a flood stays bounded.
/// </summary>
internal static partial class WorkspaceLogPump
{
    /// <summary>The most lines handed over at once.</summary>
    public const int MaxBatch = 256;

    /// <summary>Lines read ahead of the publisher; past this, reading waits.</summary>
    private const int ReadAhead = 4096;

    /// <summary>Starts following on the thread pool; cancel the returned source to stop.</summary>
    public static CancellationTokenSource Start(IContainerRuntime runtime, string workspaceId, string containerId, DateTimeOffset since, Func<IReadOnlyList<WorkspaceLogLine>, Task> publish, ILogger logger)
    {
        var pump = new CancellationTokenSource();
        var cancellationToken = pump.Token;
        var lines = Channel.CreateBounded<WorkspaceLogLine>(new BoundedChannelOptions(ReadAhead) { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = true });
        _ = Task.Run(() => ReadAsync(runtime, workspaceId, containerId, since, lines.Writer, logger, cancellationToken), CancellationToken.None);
        _ = Task.Run(() => PublishAsync(lines.Reader, workspaceId, publish, logger, cancellationToken), CancellationToken.None);
        return pump;
    }

    public static WorkspaceLogLine ToLogLine(string workspaceId, LogLine line) =>
        new(workspaceId, line.Stream == StdStream.Stderr ? WorkspaceLogStream.Stderr : WorkspaceLogStream.Stdout, line.Text, line.Timestamp);

    private static async Task ReadAsync(IContainerRuntime runtime, string workspaceId, string containerId, DateTimeOffset since, ChannelWriter<WorkspaceLogLine> lines, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var line in runtime.LogsAsync(containerId, follow: true, since: since, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                await lines.WriteAsync(ToLogLine(workspaceId, line), cancellationToken).ConfigureAwait(false);
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
        finally
        {
            lines.TryComplete();
        }
    }

    private static async Task PublishAsync(ChannelReader<WorkspaceLogLine> lines, string workspaceId, Func<IReadOnlyList<WorkspaceLogLine>, Task> publish, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            while (await lines.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var batch = new List<WorkspaceLogLine>(Math.Min(lines.Count, MaxBatch));
                while (batch.Count < MaxBatch && lines.TryRead(out var line))
                {
                    batch.Add(line);
                }

                try
                {
                    await publish(batch).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
                {
                    // The stream's broker is down (its producer fails after a bounded wait and recovers by itself): these
                    // lines stay in the container's log, where /logs reads them; the following ones go on.
                    LogPublishFailed(logger, ex, workspaceId, batch.Count);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped or deactivated.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workspace {WorkspaceId}: following the container's logs failed")]
    private static partial void LogPumpFailed(ILogger logger, Exception ex, string workspaceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workspace {WorkspaceId}: {Count} log lines could not be published")]
    private static partial void LogPublishFailed(ILogger logger, Exception ex, string workspaceId, int count);
}
