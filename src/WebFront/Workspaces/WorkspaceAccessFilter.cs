using Vibe.WebFront.Accounts;
using Vibe.WebFront.Web;

namespace Vibe.WebFront.Workspaces;

/// <summary>
/// The access check of every endpoint on one workspace (<see cref="WorkspaceRoutes.MapWorkspaceGroup"/>), made once per
/// request through <see cref="IWorkspaceAccess"/> before the handler runs: someone who cannot see the workspace gets 404,
/// someone who can but holds less than the endpoint's <see cref="RequiredWorkspacePermission"/> gets 403. The handler
/// reads the workspace as the caller sees it with <see cref="WorkspaceRoutes.GetWorkspace"/>.
/// </summary>
internal sealed class WorkspaceAccessFilter(IWorkspaceAccess access) : IEndpointFilter
{
    /// <summary>The key of the caller's <see cref="WorkspaceIndexEntry"/> in <see cref="HttpContext.Items"/>.</summary>
    internal static readonly object EntryKey = new();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var endpoint = http.GetEndpoint();
        var needed = endpoint?.Metadata.GetMetadata<RequiredWorkspacePermission>()?.Permission
            ?? throw new InvalidOperationException($"{endpoint?.DisplayName} is on one workspace but says no permission it needs: add RequiresWorkspace(...).");
        var workspaceId = http.GetRouteValue("id") as string ?? "";
        var entry = await access.FindAsync(http.User.GetUserId(), workspaceId, http.RequestAborted);
        if (entry is null)
        {
            return RequestRefusal.WorkspaceNotFound(workspaceId).ToProblem();
        }

        if (entry.Permission < needed)
        {
            return ApiProblems.Forbidden($"This needs {WireJson.Name(needed)} access to workspace '{workspaceId}'; you have {WireJson.Name(entry.Permission)} access.");
        }

        http.Items[EntryKey] = entry;
        return await next(context);
    }
}
