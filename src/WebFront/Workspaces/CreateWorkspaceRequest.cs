using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.WebFront.Workspaces;

/// <summary>
/// The body of <c>POST /api/v1/workspaces</c>. Name and template are required, and typed so in the OpenAPI document;
/// JSON without them still binds (as null) and gets a 400 saying what is missing (<see cref="WorkspaceRequestValidation"/>).
/// </summary>
/// <param name="Name">1 to 64 characters.</param>
/// <param name="Template">A template id from <c>GET /api/v1/templates</c>.</param>
/// <param name="TeamId">Create it in this team (the caller must be at least a member); a personal workspace when null.</param>
/// <param name="Network">What the container may reach; nothing by default.</param>
/// <param name="Start">Start it in the background once it is created; progress arrives over the hub.</param>
internal sealed record CreateWorkspaceRequest(
    string Name,
    string Template,
    Guid? TeamId = null,
    WorkspaceLimitsRequest? Limits = null,
    WorkspaceNetworkPolicy? Network = null,
    bool Start = false);
