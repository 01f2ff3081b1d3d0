namespace Vibe.WebFront.Accounts;

/// <summary>The body of POST /api/v1/auth/register.</summary>
public sealed record RegisterRequest(string? Email, string? Password, string? DisplayName);
