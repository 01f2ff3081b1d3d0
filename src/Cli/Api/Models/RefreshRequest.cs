namespace Vibe.Cli.Api.Models;

/// <summary>The body of <c>POST /api/v1/auth/refresh</c> and <c>/logout</c>.</summary>
internal sealed record RefreshRequest(string RefreshToken);
