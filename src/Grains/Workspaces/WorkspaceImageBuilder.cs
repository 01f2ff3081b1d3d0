using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vibe.Docker.Errors;
using Vibe.Docker.Images;
using Vibe.Docker.Runtime;

namespace Vibe.Grains.Workspaces;

/// <summary>
/// Builds the blank workspace image when the silo starts, if it is missing, logging the build's progress. A silo without a
/// Docker engine still starts (it may serve only the web front); the log says how to fix it and workspace calls fail with the same hint.
/// </summary>
internal sealed partial class WorkspaceImageBuilder(IContainerRuntime runtime, IOptions<WorkspaceOptions> options, ILogger<WorkspaceImageBuilder> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        if (!options.Value.BuildBlankImageOnStart)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var image = await runtime.EnsureImageAsync(DockerContainerRuntime.BlankTemplate, new LogProgress(logger), cancellationToken);
            LogReady(logger, image, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (DockerUnavailableException ex)
        {
            LogNoDocker(logger, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workspace image {Image} ready ({ElapsedMs} ms)")]
    private static partial void LogReady(ILogger logger, string image, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Building the blank workspace image: {Stage} ({Percent} %)")]
    private static partial void LogBuildProgress(ILogger logger, string stage, int percent);

    [LoggerMessage(Level = LogLevel.Error, Message = "Workspaces are unavailable: {Problem}")]
    private static partial void LogNoDocker(ILogger logger, string problem);

    /// <summary>Logs each progress line as it is reported (Progress&lt;T&gt; would post them to the thread pool, out of order).</summary>
    private sealed class LogProgress(ILogger logger) : IProgress<TemplateBuildProgress>
    {
        public void Report(TemplateBuildProgress value) => LogBuildProgress(logger, value.Stage, value.Percent);
    }
}
