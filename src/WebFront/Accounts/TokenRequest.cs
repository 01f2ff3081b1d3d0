namespace Vibe.WebFront.Accounts;

/// <summary>The body of POST /api/v1/auth/register/confirm: the token from the sign-up email's link.</summary>
public sealed record TokenRequest(string? Token);
