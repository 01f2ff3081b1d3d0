namespace Vibe.Cli.Api.Models;

/// <summary>The body of <c>POST /api/v1/workspaces/{id}/exec</c>.</summary>
internal sealed record ExecRequest(IReadOnlyList<string> Command, double? TimeoutSeconds);
