namespace Vibe.WebFront.Accounts;

/// <summary>The body of POST /api/v1/auth/password-reset: the token of the admin's reset link and the new password.</summary>
public sealed record PasswordResetRequest(string? Token, string? NewPassword);
