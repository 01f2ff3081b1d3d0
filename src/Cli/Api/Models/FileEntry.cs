namespace Vibe.Cli.Api.Models;

/// <summary>An entry of a workspace directory (<c>GET /api/v1/workspaces/{id}/files</c>).</summary>
internal sealed record FileEntry(string Name, string Kind, long Size, DateTimeOffset Modified);
