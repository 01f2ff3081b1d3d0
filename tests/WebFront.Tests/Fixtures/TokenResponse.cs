namespace Vibe.WebFront.Tests.Fixtures;

/// <summary>The body of register, login and refresh, as the tests read it off the wire (no refresh token when it went into a cookie).</summary>
public sealed record TokenResponse(string AccessToken, DateTimeOffset AccessTokenExpiresAt, string? RefreshToken, UserResponse User);
