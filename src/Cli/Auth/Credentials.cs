namespace Vibe.Cli.Auth;

/// <summary>
/// What <c>vibe login</c> keeps in the credentials file: the server, who signed in, the session's refresh token and the
/// last access token (reused until shortly before it expires, so most commands make one request, not two).
/// </summary>
internal sealed record Credentials(
    Uri Server,
    string Email,
    string RefreshToken,
    string? AccessToken,
    DateTimeOffset? AccessTokenExpiresAt);
