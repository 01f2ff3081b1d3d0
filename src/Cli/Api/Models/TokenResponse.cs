namespace Vibe.Cli.Api.Models;

/// <summary>The answer of sign-in and refresh: a short-lived access token and the next refresh token of the session.</summary>
internal sealed record TokenResponse(string AccessToken, DateTimeOffset AccessTokenExpiresAt, string RefreshToken, AccountUser User);
