namespace Vibe.Cli.Api.Models;

/// <summary>The body of <c>POST /api/v1/auth/login</c>.</summary>
internal sealed record LoginRequest(string Email, string Password);
