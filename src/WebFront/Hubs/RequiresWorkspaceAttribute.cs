using Vibe.WebFront.Workspaces;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// A hub method on the workspace its <c>workspaceId</c> argument names, and the permission the caller needs there;
/// <see cref="WorkspaceHubAccessFilter"/> checks it before the method runs.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
internal sealed class RequiresWorkspaceAttribute(WorkspacePermission permission, string action) : Attribute
{
    public WorkspacePermission Permission { get; } = permission;

    /// <summary>What the call does, in words for the refusal ("you need write access to {Action}").</summary>
    public string Action { get; } = action;
}
