using System.Security.Claims;
using Microsoft.Extensions.Options;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.Grains.Workspaces;
using Vibe.WebFront.Accounts;
using Vibe.WebFront.Audit;
using Vibe.WebFront.Teams;

namespace Vibe.WebFront.Workspaces;

/// <summary>What the workspace endpoints use, bound with <c>[AsParameters]</c>, and the steps they share.</summary>
internal sealed partial class WorkspaceServices(
    WorkspaceIndex index,
    IGrainFactory grains,
    ITeamDirectory teams,
    IAuditLog audit,
    WorkspaceBackgroundStarts starts,
    WorkspaceTemplates templates,
    IOptions<WorkspaceOptions> workspaceOptions,
    ILogger<WorkspaceServices> logger)
{
    public WorkspaceIndex Index { get; } = index;

    public IGrainFactory Grains { get; } = grains;

    public ITeamDirectory Teams { get; } = teams;

    public IAuditLog Audit { get; } = audit;

    public WorkspaceBackgroundStarts Starts { get; } = starts;

    public WorkspaceTemplates Templates { get; } = templates;

    public IOptions<WorkspaceOptions> WorkspaceOptions { get; } = workspaceOptions;

    public ILogger<WorkspaceServices> Logger { get; } = logger;

    /// <summary>The limits of a workspace created without its own (the grains' defaults).</summary>
    public WorkspaceLimits DefaultLimits => WorkspaceOptions.Value.DefaultLimits;

    /// <summary>The most a workspace may ask for (the operator's Vibe:Workspaces:MaxLimits).</summary>
    public WorkspaceLimits MaxLimits => WorkspaceOptions.Value.MaxLimits;

    /// <summary>The largest file the file API reads or writes.</summary>
    public long MaxFileBytes => WorkspaceOptions.Value.MaxFileBytes;

    public IWorkspaceGrain Grain(string workspaceId) => Grains.GetGrain<IWorkspaceGrain>(workspaceId);

    /// <summary>Records a lifecycle action in the audit log; a team's workspace shows in the team's log.</summary>
    public Task AuditAsync(ClaimsPrincipal user, string action, WorkspaceIndexEntry workspace, string subject) =>
        Audit.RecordAsync(new AuditEntry(action, user.GetUserId(), workspace.TeamId, workspace.Id, subject), CancellationToken.None);

    /// <summary>A create that failed in the grain: removes what it left (its container and files, then the index row).</summary>
    public async Task DiscardFailedCreateAsync(string workspaceId, Exception reason)
    {
        LogCreateFailed(Logger, workspaceId, reason.Message);
        try
        {
            await Grain(workspaceId).Delete();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Never created (the id or spec was refused), or the engine is down: the orphan sweeper removes any container.
            LogDiscardIncomplete(Logger, workspaceId, ex.Message);
        }

        await Index.MarkDeletedAsync(workspaceId, CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Creating workspace {WorkspaceId} failed: {Problem}")]
    private static partial void LogCreateFailed(ILogger logger, string workspaceId, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workspace {WorkspaceId}: cleaning up after a failed create was incomplete: {Problem}")]
    private static partial void LogDiscardIncomplete(ILogger logger, string workspaceId, string problem);
}
