namespace Vibe.WebFront.Workspaces;

/// <summary>The route group of the endpoints on one workspace, <c>/api/v1/workspaces/{id}</c>, and what its endpoints declare and read.</summary>
internal static class WorkspaceRoutes
{
    public const string Prefix = "/api/v1/workspaces/{id}";

    /// <summary>
    /// A group under <see cref="Prefix"/> (plus <paramref name="path"/>) for signed-in callers, whose endpoints each declare
    /// the permission they need with <see cref="RequiresWorkspace"/>; <see cref="WorkspaceAccessFilter"/> checks it.
    /// </summary>
    public static RouteGroupBuilder MapWorkspaceGroup(this IEndpointRouteBuilder app, string path = "")
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup(Prefix + path);
        group.RequireAuthorization().AddEndpointFilter<WorkspaceAccessFilter>();
        return group;
    }

    /// <summary>The permission in the workspace the endpoint needs; without it the caller gets 403 (404 when they cannot see the workspace at all).</summary>
    public static RouteHandlerBuilder RequiresWorkspace(this RouteHandlerBuilder builder, WorkspacePermission permission) =>
        builder.WithMetadata(new RequiredWorkspacePermission(permission))
            .ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>The workspace of the request as the caller sees it, which <see cref="WorkspaceAccessFilter"/> read.</summary>
    public static WorkspaceIndexEntry GetWorkspace(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items[WorkspaceAccessFilter.EntryKey] as WorkspaceIndexEntry
            ?? throw new InvalidOperationException("The endpoint is not in a workspace route group (MapWorkspaceGroup), so no access was checked.");
    }
}
