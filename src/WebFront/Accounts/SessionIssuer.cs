using Microsoft.Extensions.Options;

namespace Vibe.WebFront.Accounts;

/// <summary>
/// Puts together the token responses: a new session (a new refresh token family) or the next tokens of one. The refresh
/// token goes into the <see cref="RefreshCookie"/> when the request asks for it, else into the JSON body.
/// </summary>
internal sealed class SessionIssuer(AccessTokenIssuer accessTokens, RefreshTokenStore refreshTokens, IOptions<AuthOptions> options, TimeProvider time)
{
    /// <summary>Tokens for a new session of <paramref name="user"/>.</summary>
    public async Task<TokenResponse> StartAsync(AccountUser user, HttpContext context, CancellationToken cancellationToken)
    {
        var (refreshToken, expiresAt) = await refreshTokens.IssueAsync(user.Id, familyId: null, time.GetUtcNow(), options.Value.RefreshTokenLifetime, cancellationToken);
        return Continue(user, refreshToken, expiresAt, context);
    }

    /// <summary>A new access token beside <paramref name="refreshToken"/>, the next one of a session.</summary>
    public TokenResponse Continue(AccountUser user, string refreshToken, DateTimeOffset refreshExpiresAt, HttpContext context)
    {
        var (accessToken, expiresAt) = accessTokens.Issue(user);
        if (RefreshCookie.IsRequested(context.Request))
        {
            RefreshCookie.Set(context.Response, refreshToken, refreshExpiresAt);
            return new TokenResponse(accessToken, expiresAt, null, user);
        }

        return new TokenResponse(accessToken, expiresAt, refreshToken, user);
    }
}
