namespace Vibe.Cli.Api.Models;

/// <summary>The hub's <c>streamReset</c> event: the server no longer holds <c>Stream</c> ("status", "logs", "agent") of the workspace from the position a resume asked for.</summary>
internal sealed record StreamResetEvent(string WorkspaceId, string Stream);
