namespace Vibe.WebFront.Accounts;

/// <summary>The body of POST /api/v1/auth/refresh and /api/v1/auth/logout.</summary>
public sealed record RefreshRequest(string? RefreshToken);
