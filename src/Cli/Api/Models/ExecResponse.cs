namespace Vibe.Cli.Api.Models;

/// <summary>What a command run through <c>POST /api/v1/workspaces/{id}/exec</c> did.</summary>
internal sealed record ExecResponse(int ExitCode, string Stdout, string Stderr, bool TimedOut, bool Truncated);
