using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.Grains.Workspaces;
using Vibe.WebFront.Accounts;
using Vibe.WebFront.Agents;
using Vibe.WebFront.Audit;
using Vibe.WebFront.Web;

namespace Vibe.WebFront.Workspaces;

/// <summary>
/// <c>/api/v1/workspaces</c>: list, create, read, update and delete workspaces, their lifecycle, stats and logs (the files
/// are in <see cref="WorkspaceFilesApi"/>, running a command in <see cref="WorkspaceExecApi"/>, the templates in <see cref="TemplatesApi"/>). Every endpoint on one workspace
/// asks the workspace index for the caller's permission first: someone who cannot see it gets 404, someone who can see it
/// but needs more gets 403. What the grains throw becomes ProblemDetails in one place, <see cref="RequestRefusalHandler"/>.
/// </summary>
internal static class WorkspacesApi
{
    public const int DefaultLogTail = 200;
    public const int MaxLogTail = 5000;

    /// <summary>The workspace index, its access checks, the resource sampler, and background starts (its projection, <see cref="WorkspaceIndexProjection"/>, is a grain).</summary>
    public static IServiceCollection AddWorkspacesApi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<WorkspaceIndexOptions>()
            .BindConfiguration(WorkspaceIndexOptions.SectionName)
            .Validate(o => o.SamplePeriod >= TimeSpan.Zero, "Vibe:WorkspaceIndex:SamplePeriod must not be negative (0 turns sampling off).")
            .Validate(o => o.SampleConcurrency >= 1, "Vibe:WorkspaceIndex:SampleConcurrency must be at least 1.")
            .Validate(o => o.CreationGracePeriod > TimeSpan.Zero, "Vibe:WorkspaceIndex:CreationGracePeriod must be positive.")
            .ValidateOnStart();
        services.AddOptions<FileTransferOptions>()
            .BindConfiguration(FileTransferOptions.SectionName)
            .Validate(o => o.MaxUploadBytes > 0 && o.MaxArchiveBytes > 0, "Vibe:FileTransfers:MaxUploadBytes and MaxArchiveBytes must be positive.")
            .Validate(o => o.MaxUploadFiles >= 1 && o.MaxArchiveEntries >= 1, "Vibe:FileTransfers:MaxUploadFiles and MaxArchiveEntries must be at least 1.")
            .ValidateOnStart();
        services.AddOptions<WorkspaceRateLimitOptions>()
            .BindConfiguration(WorkspaceRateLimitOptions.SectionName)
            .Validate(o => o.PermitLimit >= 1 && o.Window > TimeSpan.Zero, "Vibe:Workspaces:RateLimit:PermitLimit must be at least 1 and Window positive.")
            .ValidateOnStart();
        services.AddRateLimiter(limiter => limiter.AddPolicy<string, WorkspaceRateLimitPolicy>(WorkspaceRateLimitPolicy.Name));
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<WorkspaceIndex>();
        services.AddSingleton<WorkspaceTemplates>();
        services.AddSingleton<IWorkspaceAccess, WorkspaceAccess>();
        services.AddSingleton<WorkspaceBackgroundStarts>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkspaceBackgroundStarts>());
        services.AddHostedService<WorkspaceResourceSampler>();
        return services;
    }

    public static IEndpointRouteBuilder MapWorkspacesApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapTemplatesApi();

        var api = app.MapGroup("/api/v1/workspaces").WithTags("Workspaces").RequireAuthorization();
        api.MapGet("", ListWorkspaces)
            .WithName("ListWorkspaces")
            .WithSummary("The workspaces the caller can see, with status, permission and the last CPU and memory sample");
        api.MapPost("", CreateWorkspace)
            .WithName("CreateWorkspace")
            .WithSummary("Creates a workspace from a template, personal or in a team; with start=true it starts in the background")
            .RequireRateLimiting(WorkspaceRateLimitPolicy.Name)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        // On one workspace: the caller's access is checked once, before the handler, against what each endpoint requires.
        var workspace = app.MapWorkspaceGroup().WithTags("Workspaces");
        workspace.MapGet("", GetWorkspace)
            .WithName("GetWorkspace")
            .WithSummary("One workspace with its limits, network and error (Read)")
            .RequiresWorkspace(WorkspacePermission.Read)
            .ProducesProblem(StatusCodes.Status404NotFound);
        workspace.MapPatch("", UpdateWorkspace)
            .WithName("UpdateWorkspace")
            .WithSummary("Renames a workspace or changes its limits; limits only while it is stopped (Admin)")
            .RequiresWorkspace(WorkspacePermission.Admin)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        workspace.MapPut("/team", MoveWorkspace)
            .WithName("MoveWorkspace")
            .WithSummary("Moves a workspace into a team the caller writes in, or back to its owner alone (the workspace's owner only)")
            .RequiresWorkspace(WorkspacePermission.Read)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        workspace.MapDelete("", DeleteWorkspace)
            .WithName("DeleteWorkspace")
            .WithSummary("Deletes a workspace: its container and files are removed (Admin)")
            .RequiresWorkspace(WorkspacePermission.Admin)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        workspace.MapPost("/start", StartWorkspace)
            .WithName("StartWorkspace")
            .WithSummary("Starts a workspace's container; answers once it runs (Admin)")
            .RequiresWorkspace(WorkspacePermission.Admin)
            .RequireRateLimiting(WorkspaceRateLimitPolicy.Name)
            .ProducesLifecycleProblems()
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        workspace.MapPost("/stop", StopWorkspace)
            .WithName("StopWorkspace")
            .WithSummary("Stops a workspace's container; its files stay (Admin)")
            .RequiresWorkspace(WorkspacePermission.Admin)
            .ProducesLifecycleProblems();
        workspace.MapPost("/restart", RestartWorkspace)
            .WithName("RestartWorkspace")
            .WithSummary("Stops and starts a workspace's container (Admin)")
            .RequiresWorkspace(WorkspacePermission.Admin)
            .RequireRateLimiting(WorkspaceRateLimitPolicy.Name)
            .ProducesLifecycleProblems()
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        workspace.MapGet("/stats", GetStats)
            .WithName("GetWorkspaceStats")
            .WithSummary("A fresh resource sample of a running workspace; takes about a second (Read)")
            .RequiresWorkspace(WorkspacePermission.Read)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        workspace.MapGet("/logs", GetLogs)
            .WithName("GetWorkspaceLogs")
            .WithSummary("The last lines the workspace's main process wrote; tail 1 to 5000, 200 by default (Read)")
            .RequiresWorkspace(WorkspacePermission.Read)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapWorkspaceFilesApi();
        app.MapWorkspaceExecApi();
        return app;
    }

    private static RouteHandlerBuilder ProducesLifecycleProblems(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task<GeneratedJsonOk<IReadOnlyList<WorkspaceSummary>>> ListWorkspaces(ClaimsPrincipal user, WorkspaceIndex index, CancellationToken cancellationToken) =>
        new(await index.ListAsync(user.GetUserId(), cancellationToken), WireJsonContext.Default.IReadOnlyListWorkspaceSummary);

    private static async Task<Results<Created<WorkspaceDetails>, ValidationProblem, ProblemHttpResult>> CreateWorkspace(
        CreateWorkspaceRequest request,
        ClaimsPrincipal user,
        [AsParameters] WorkspaceServices services,
        CancellationToken cancellationToken)
    {
        var userId = user.GetUserId();
        var errors = WorkspaceRequestValidation.ValidateCreate(request, services.Templates, services.DefaultLimits, services.MaxLimits, out var name, out var limits);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var permission = WorkspacePermission.Admin;
        if (request.TeamId is { } teamId)
        {
            var role = await services.Teams.GetRoleAsync(teamId, userId, cancellationToken);
            if (role is not { } teamRole)
            {
                return ApiProblems.Problem(StatusCodes.Status404NotFound, "Team not found", $"Team '{teamId}' was not found.");
            }

            permission = WorkspaceAccess.PermissionOf(teamRole);
            if (permission < WorkspacePermission.Write)
            {
                return ApiProblems.Problem(StatusCodes.Status403Forbidden, "Not allowed", "Viewers cannot create workspaces in a team; a team admin can make you a member.");
            }

            // What needs Admin on its own (changing limits, starting) needs it here too, or create would be a way around it.
            if (permission < WorkspacePermission.Admin && AdminOnlyPartOf(request) is { } adminOnly)
            {
                return ApiProblems.Problem(
                    StatusCodes.Status403Forbidden, "Not allowed", $"Only a team owner or admin can create a team workspace {adminOnly}; leave that out, or ask one of them.");
            }
        }

        var id = WorkspaceIdGenerator.NewId();
        var spec = new WorkspaceSpec(userId.ToString(), name, request.Template, limits, request.Network ?? WorkspaceNetworkPolicy.None);
        var entry = await services.Index.InsertAsync(id, spec, limits ?? services.DefaultLimits, userId, request.TeamId, permission, cancellationToken);

        // Counted after the insert, so two creates racing for the last place cannot both keep it.
        if (await services.Index.CountAsync(userId, request.TeamId, CancellationToken.None) is var (owned, ofTeam)
            && (owned > services.WorkspaceOptions.Value.MaxWorkspacesPerUser || ofTeam > services.WorkspaceOptions.Value.MaxWorkspacesPerTeam))
        {
            await services.Index.MarkDeletedAsync(id, CancellationToken.None);
            var detail = owned > services.WorkspaceOptions.Value.MaxWorkspacesPerUser
                ? $"You have reached the limit of {services.WorkspaceOptions.Value.MaxWorkspacesPerUser} workspaces; delete one you no longer need first."
                : $"This team has reached its limit of {services.WorkspaceOptions.Value.MaxWorkspacesPerTeam} workspaces; a team admin can delete one it no longer needs.";
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "Too many workspaces", detail);
        }

        // From here on the work is not cancelled with the request: a half-made workspace would be worse than a finished one nobody reads.
        WorkspaceInfo info;
        try
        {
            info = await services.Grain(id).Create(spec);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Cleans up, then lets the exception handlers answer: a refused spec with 400, a failing engine with 503.
            await services.DiscardFailedCreateAsync(id, ex);
            throw;
        }

        await services.AuditAsync(user, AuditActions.WorkspaceCreated, entry, $"'{info.Name}' from template {info.Template}");
        if (request.Start)
        {
            services.Starts.Start(id, userId);
        }

        return TypedResults.Created($"/api/v1/workspaces/{id}", entry.ToDetails(info));
    }

    /// <summary>The part of a create request only a team admin may ask for, in words; null when there is none.</summary>
    private static string? AdminOnlyPartOf(CreateWorkspaceRequest request)
    {
        if (request.Limits is not null)
        {
            return "with its own limits";
        }

        if (request.Network is { } network && network != WorkspaceNetworkPolicy.None)
        {
            return $"with network access ({WireJson.Name(network)})";
        }

        return request.Start ? "and start it at once (start: true)" : null;
    }

    private static async Task<Results<Ok<WorkspaceDetails>, ProblemHttpResult>> GetWorkspace(
        string id,
        HttpContext context,
        [AsParameters] WorkspaceServices services)
    {
        var entry = context.GetWorkspace();
        try
        {
            var grain = services.Grain(id);
            var info = await grain.GetInfo();
            if (info.Status == WorkspaceStatus.Running)
            {
                // Opening a workspace is using it: it postpones the idle stop.
                await grain.Touch();
            }

            return TypedResults.Ok(entry.ToDetails(info));
        }
        catch (WorkspaceNotFoundException)
        {
            // Listed but never created (a crash cut the create short): show what the index says, so it can be deleted.
            return TypedResults.Ok(entry.ToDetails());
        }
    }

    private static async Task<Results<Ok<WorkspaceDetails>, ValidationProblem, ProblemHttpResult>> UpdateWorkspace(
        string id,
        UpdateWorkspaceRequest request,
        HttpContext context,
        [AsParameters] WorkspaceServices services)
    {
        var entry = context.GetWorkspace();
        var grain = services.Grain(id);
        var current = await grain.GetInfo();
        var errors = WorkspaceRequestValidation.ValidateUpdate(request, current.Limits, services.MaxLimits, out var name, out var limits);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var info = await grain.Update(name, limits);
        return TypedResults.Ok(entry.ToDetails(info));
    }

    private static async Task<Results<Ok<WorkspaceDetails>, ProblemHttpResult>> MoveWorkspace(
        string id,
        MoveWorkspaceRequest request,
        HttpContext context,
        ClaimsPrincipal user,
        [AsParameters] WorkspaceServices services,
        AgentProviderNotices notices,
        CancellationToken cancellationToken)
    {
        var entry = context.GetWorkspace();
        var userId = user.GetUserId();
        if (entry.OwnerId != userId)
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "Not allowed", "Only the person who created this workspace can move it to another team.");
        }

        if (request.TeamId is { } teamId)
        {
            var role = await services.Teams.GetRoleAsync(teamId, userId, cancellationToken);
            if (role is not { } teamRole)
            {
                return ApiProblems.Problem(StatusCodes.Status404NotFound, "Team not found", $"Team '{teamId}' was not found, or you are not a member of it.");
            }

            if (WorkspaceAccess.PermissionOf(teamRole) < WorkspacePermission.Write)
            {
                return ApiProblems.Problem(StatusCodes.Status403Forbidden, "Not allowed", "Viewers cannot bring workspaces into a team; a team admin can make you a member.");
            }
        }

        if (request.TeamId != entry.TeamId)
        {
            await services.Index.MoveAsync(id, request.TeamId, CancellationToken.None);
            var from = entry.TeamId is { } old ? $"team {old}" : "personal";
            var to = request.TeamId is { } target ? $"team {target}" : "personal";
            await services.Audit.RecordAsync(new AuditEntry(AuditActions.WorkspaceMoved, userId, request.TeamId ?? entry.TeamId, id, $"'{entry.Name}' from {from} to {to}"), CancellationToken.None);
            await notices.WorkspaceChangedAsync(id);
        }

        var moved = await services.Index.FindAsync(userId, id, CancellationToken.None) ?? entry;
        try
        {
            return TypedResults.Ok(moved.ToDetails(await services.Grain(id).GetInfo()));
        }
        catch (WorkspaceNotFoundException)
        {
            return TypedResults.Ok(moved.ToDetails());
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteWorkspace(
        string id,
        HttpContext context,
        ClaimsPrincipal user,
        [AsParameters] WorkspaceServices services)
    {
        var entry = context.GetWorkspace();
        try
        {
            var grain = services.Grain(id);
            if ((await grain.GetInfo()).Status != WorkspaceStatus.Deleted)
            {
                await grain.Delete();
            }
        }
        catch (WorkspaceNotFoundException)
        {
            // Indexed, but its creation never reached the grain: only the index row is left to remove.
        }

        await services.Index.MarkDeletedAsync(id, CancellationToken.None);
        await services.AuditAsync(user, AuditActions.WorkspaceDeleted, entry, $"'{entry.Name}'");
        return TypedResults.NoContent();
    }

    private static Task<Results<Ok<WorkspaceDetails>, ProblemHttpResult>> StartWorkspace(
        string id, HttpContext context, ClaimsPrincipal user, [AsParameters] WorkspaceServices services) =>
        ChangeLifecycleAsync(id, context, user, services, AuditActions.WorkspaceStarted, static grain => grain.Start());

    private static Task<Results<Ok<WorkspaceDetails>, ProblemHttpResult>> StopWorkspace(
        string id, HttpContext context, ClaimsPrincipal user, [AsParameters] WorkspaceServices services) =>
        ChangeLifecycleAsync(id, context, user, services, AuditActions.WorkspaceStopped, static grain => grain.Stop());

    private static Task<Results<Ok<WorkspaceDetails>, ProblemHttpResult>> RestartWorkspace(
        string id, HttpContext context, ClaimsPrincipal user, [AsParameters] WorkspaceServices services) =>
        ChangeLifecycleAsync(id, context, user, services, AuditActions.WorkspaceRestarted, static grain => grain.Restart());

    private static async Task<Results<Ok<WorkspaceDetails>, ProblemHttpResult>> ChangeLifecycleAsync(
        string id,
        HttpContext context,
        ClaimsPrincipal user,
        WorkspaceServices services,
        string action,
        Func<IWorkspaceGrain, Task<WorkspaceInfo>> transition)
    {
        var entry = context.GetWorkspace();
        var info = await transition(services.Grain(id));
        await services.AuditAsync(user, action, entry, $"'{info.Name}'");
        return TypedResults.Ok(entry.ToDetails(info));
    }

    private static async Task<Results<Ok<WorkspaceResourceUsage>, ProblemHttpResult>> GetStats(
        string id,
        [AsParameters] WorkspaceServices services)
    {
        var stats = await services.Grain(id).GetStats();
        return TypedResults.Ok(WorkspaceResourceUsage.From(stats));
    }

    private static async Task<Results<Ok<IReadOnlyList<WorkspaceLogEntry>>, ValidationProblem, ProblemHttpResult>> GetLogs(
        string id,
        int? tail,
        [AsParameters] WorkspaceServices services)
    {
        var lines = tail ?? DefaultLogTail;
        if (lines is < 1 or > MaxLogTail)
        {
            return ApiProblems.Validation("tail", $"tail must be between 1 and {MaxLogTail} lines; it was {lines}.");
        }

        var logs = await services.Grain(id).GetLogs(lines);
        var entries = new WorkspaceLogEntry[logs.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = new WorkspaceLogEntry(logs[i].Stream, logs[i].Text, logs[i].Timestamp);
        }

        return TypedResults.Ok<IReadOnlyList<WorkspaceLogEntry>>(entries);
    }
}
