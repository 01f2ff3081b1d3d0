namespace Vibe.WebFront.Accounts;

/// <summary>The body of POST /api/v1/auth/register.</summary>
/// <param name="Invitation">The token of a pending team invitation for this email: required to sign up unless sign-up is open; the new account joins the team.</param>
public sealed record RegisterRequest(string? Email, string? Password, string? DisplayName, string? Invitation = null);
