namespace Vibe.WebFront.Accounts;

/// <summary>The answer of register, login, refresh and password change: a new access token and refresh token, and the user.</summary>
/// <param name="AccessToken">A JWT for the Authorization header (Bearer), or the access_token query parameter of /hubs.</param>
/// <param name="AccessTokenExpiresAt">When the access token stops working; refresh before then.</param>
/// <param name="RefreshToken">
/// Exchanged once at POST /api/v1/auth/refresh for new tokens; null when the request asked for it as a cookie
/// (header X-Vibe-Session: cookie), which browsers then send to the refresh endpoint by themselves.
/// </param>
/// <param name="User">The signed-in user.</param>
public sealed record TokenResponse(string AccessToken, DateTimeOffset AccessTokenExpiresAt, string? RefreshToken, AccountUser User);
