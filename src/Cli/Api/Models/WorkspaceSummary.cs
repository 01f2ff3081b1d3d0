namespace Vibe.Cli.Api.Models;

/// <summary>One workspace of <c>GET /api/v1/workspaces</c>.</summary>
internal sealed record WorkspaceSummary(string Id, string Name, string Template, string Status, Guid OwnerId, Guid? TeamId, string Permission, double? CpuPercent, long? MemoryBytes, long MemoryLimitBytes, DateTimeOffset CreatedAt, DateTimeOffset? LastActivityAt);
