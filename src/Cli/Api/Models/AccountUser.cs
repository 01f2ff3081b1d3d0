namespace Vibe.Cli.Api.Models;

/// <summary>A signed-in account (<c>GET /api/v1/auth/me</c>).</summary>
internal sealed record AccountUser(Guid Id, string Email, string DisplayName, bool IsAdmin);
