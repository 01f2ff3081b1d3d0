namespace Vibe.WebFront.Accounts;

/// <summary>The body of POST /api/v1/auth/password.</summary>
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);
