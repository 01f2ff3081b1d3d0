namespace Vibe.Cli.Api.Models;

/// <summary>One workspace with its settings (<c>GET /api/v1/workspaces/{id}</c>).</summary>
internal sealed record WorkspaceDetails(string Id, string Name, string Template, string Status, Guid OwnerId, Guid? TeamId, string Permission, double? CpuPercent, long? MemoryBytes, long MemoryLimitBytes, DateTimeOffset CreatedAt, DateTimeOffset? LastActivityAt, WorkspaceLimits Limits, string Network, string? ContainerId, string? Error);
