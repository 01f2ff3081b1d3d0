namespace Vibe.WebFront.Accounts;

/// <summary>The body of POST /api/v1/auth/login.</summary>
public sealed record LoginRequest(string? Email, string? Password);
