namespace Vibe.Cli.Api.Models;

/// <summary>The hub's <c>status</c> event: a workspace entered <c>Status</c>.</summary>
internal sealed record StatusEvent(string WorkspaceId, string Status, string? Error, string? Reason);
