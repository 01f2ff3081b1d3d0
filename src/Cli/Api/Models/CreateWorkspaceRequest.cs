namespace Vibe.Cli.Api.Models;

/// <summary>The body of <c>POST /api/v1/workspaces</c>.</summary>
internal sealed record CreateWorkspaceRequest(string Name, string Template, Guid? TeamId, WorkspaceLimitsRequest? Limits, string? Network, bool Start);
