using Microsoft.Extensions.Options;

namespace Vibe.WebFront.Accounts;

/// <summary>Puts together the token responses: a new session (a new refresh token family) or the next tokens of one.</summary>
internal sealed class SessionIssuer(AccessTokenIssuer accessTokens, RefreshTokenStore refreshTokens, IOptions<AuthOptions> options, TimeProvider time)
{
    /// <summary>Tokens for a new session of <paramref name="user"/>.</summary>
    public async Task<TokenResponse> StartAsync(AccountUser user, CancellationToken cancellationToken)
    {
        var (refreshToken, _) = await refreshTokens.IssueAsync(user.Id, familyId: null, time.GetUtcNow(), options.Value.RefreshTokenLifetime, cancellationToken);
        return Continue(user, refreshToken);
    }

    /// <summary>A new access token beside <paramref name="refreshToken"/>, the next one of a session.</summary>
    public TokenResponse Continue(AccountUser user, string refreshToken)
    {
        var (accessToken, expiresAt) = accessTokens.Issue(user);
        return new TokenResponse(accessToken, expiresAt, refreshToken, user);
    }
}
