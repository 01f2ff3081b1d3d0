using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.SignalR;
using Vibe.WebFront.Accounts;
using Vibe.WebFront.Web;
using Vibe.WebFront.Workspaces;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// The workspace hub's access check, made before each <see cref="RequiresWorkspaceAttribute"/> method runs, through the
/// access service REST uses too (<see cref="IWorkspaceAccess"/>): a workspace the caller cannot see is "workspace not
/// found", too little access says what it would take. The method reads the caller's permission from
/// <see cref="WorkspaceHub.CallerPermission"/>.
/// </summary>
internal sealed class WorkspaceHubAccessFilter(IWorkspaceAccess access) : IHubFilter
{
    private static readonly ConcurrentDictionary<MethodInfo, Requirement?> Requirements = new();

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        if (Requirements.GetOrAdd(invocationContext.HubMethod, RequirementOf) is { } requirement && invocationContext.Hub is WorkspaceHub hub)
        {
            var workspaceId = invocationContext.HubMethodArguments[requirement.WorkspaceIdIndex] as string;
            WorkspaceHub.ValidateWorkspaceId(workspaceId);
            var caller = invocationContext.Context;
            var permission = await access.GetPermissionAsync(caller.User!.GetUserId(), workspaceId!, caller.ConnectionAborted);
            if (permission == WorkspacePermission.None)
            {
                throw new HubException("workspace not found");
            }

            if (permission < requirement.Needed.Permission)
            {
                throw new HubException($"you need {WireJson.Name(requirement.Needed.Permission)} access to {requirement.Needed.Action}");
            }

            hub.CallerPermission = permission;
        }

        return await next(invocationContext);
    }

    private static Requirement? RequirementOf(MethodInfo method)
    {
        if (method.GetCustomAttribute<RequiresWorkspaceAttribute>() is not { } needed)
        {
            return null;
        }

        var index = Array.FindIndex(method.GetParameters(), static p => p.Name == "workspaceId" && p.ParameterType == typeof(string));
        return index >= 0
            ? new Requirement(needed, index)
            : throw new InvalidOperationException($"Hub method {method.Name} requires workspace access but has no string workspaceId parameter.");
    }

    private sealed record Requirement(RequiresWorkspaceAttribute Needed, int WorkspaceIdIndex);
}
