using Microsoft.Extensions.Logging;
using Vibe.Docker.Errors;
using Vibe.Grains.Interfaces.Errors;
using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.Grains.Workspaces;

/// <summary>Renaming a workspace and changing its limits.</summary>
internal sealed partial class WorkspaceGrain
{
    public async Task<WorkspaceInfo> Update(string? name, WorkspaceLimits? limits)
    {
        EnsureExists();
        if (name is not null)
        {
            RequireText(name, nameof(WorkspaceSpec.Name), 200);
        }

        if (limits is not null)
        {
            WorkspaceLimitsValidation.Validate(limits, _options.MaxLimits);
        }

        await RepairInterruptedTransitionAsync();
        var renamed = name is not null && name != State.Spec!.Name;
        var limitsChanged = limits is not null && limits != State.Limits;
        if (!renamed && !limitsChanged)
        {
            return Info();
        }

        string? oldContainer = null;
        if (limitsChanged)
        {
            if (State.Status is not (WorkspaceStatus.Stopped or WorkspaceStatus.Failed))
            {
                throw new ConflictException($"Cannot change the limits of workspace '{Id}' while it is {Describe(State.Status!.Value)}: stop it first.");
            }

            // Docker fixes a container's limits when it is created: forget the container, so the next start creates one with
            // the new limits. Its name is forgotten too, so a crash before the removal below cannot bring the old one back.
            oldContainer = State.ContainerId ?? State.ContainerName;
            State.Limits = limits;
            State.ContainerId = null;
            State.ContainerName = null;
        }

        if (renamed)
        {
            State.Spec = State.Spec! with { Name = name! };
        }

        await workspace.WriteStateAsync();
        if (oldContainer is not null)
        {
            try
            {
                await runtime.RemoveAsync(oldContainer);
            }
            catch (DockerApiException ex)
            {
                // No longer recorded anywhere: the orphan sweeper removes it.
                LogOldContainerKept(logger, ex, Id, oldContainer);
            }
        }

        // Same status, new settings: the index's projection copies the name and limits from the snapshot. A failed
        // workspace keeps its error (browsers show the reason of a Failed event as the error).
        var status = State.Status!.Value;
        await PublishStatusAsync(new WorkspaceStatusChanged(Id, status, status, Now, status == WorkspaceStatus.Failed ? State.LastError : null, State.OomKilled, Workspace: Info()));
        LogUpdated(logger, Id, State.Spec!.Name, State.Limits!);
        return Info();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workspace {WorkspaceId} updated: name '{Name}', limits {Limits}")]
    private static partial void LogUpdated(ILogger logger, string workspaceId, string name, WorkspaceLimits limits);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workspace {WorkspaceId}: removing its container {Container} after a limits change failed; the orphan sweeper will remove it")]
    private static partial void LogOldContainerKept(ILogger logger, Exception ex, string workspaceId, string container);
}
