using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vibe.Docker.Errors;

namespace Vibe.Grains.Workspaces;

/// <summary>Adopting a container from the silo's <see cref="WorkspaceWarmPool"/> instead of creating one.</summary>
internal sealed partial class WorkspaceGrain
{
    /// <summary>
    /// Adopts a ready pool container under <paramref name="name"/> (the name recorded for the next container) and returns its id;
    /// null when the pool has none that fits this workspace or adoption failed, and a container must be created.
    /// </summary>
    private async Task<string?> AdoptPooledContainerAsync(string name)
    {
        var spec = State.Spec!;
        if (ServiceProvider.GetService<WorkspaceWarmPool>() is not { } pool || !pool.TryTake(spec.Template, State.Limits!, spec.Network, out var pooled))
        {
            return null;
        }

        try
        {
            await runtime.AdoptAsync(pooled.ContainerId, pooled.Directory, _options.DirectoryOf(Id), name);
            LogAdopted(logger, Id, pooled.ContainerId, spec.Template);
            return pooled.ContainerId;
        }
        catch (Exception ex) when (ex is DockerApiException or IOException or UnauthorizedAccessException)
        {
            LogAdoptionFailed(logger, ex, Id, pooled.ContainerId);
            await pool.DiscardAsync(pooled);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workspace {WorkspaceId} adopted warm-pool container {ContainerId} of template {Template}")]
    private static partial void LogAdopted(ILogger logger, string workspaceId, string containerId, string template);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workspace {WorkspaceId} could not adopt warm-pool container {ContainerId}; creating one instead")]
    private static partial void LogAdoptionFailed(ILogger logger, Exception ex, string workspaceId, string containerId);
}
