using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Vibe.WebFront.Accounts;

/// <summary>Issues the short-lived JWT access tokens: HMAC-SHA256, the user id in <c>sub</c>.</summary>
internal sealed class AccessTokenIssuer(SigningKeyStore keys, IOptions<AuthOptions> options, TimeProvider time)
{
    /// <summary>The issuer and audience of every Vibe access token.</summary>
    public const string Issuer = "vibe";

    /// <summary>Present with the value "true" in the tokens of the installation admin.</summary>
    public const string AdminClaim = "admin";

    /// <summary>The account's security stamp when the token was issued (<see cref="AccountUser.SecurityStamp"/>); a token whose stamp is not current is refused.</summary>
    public const string SecurityStampClaim = "sst";

    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>A token for <paramref name="user"/>, valid from now for Vibe:Auth:AccessTokenLifetime.</summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue(AccountUser user) => Issue(user, time.GetUtcNow());

    /// <summary>A token as if issued at <paramref name="issuedAt"/> (tests issue expired ones).</summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue(AccountUser user, DateTimeOffset issuedAt)
    {
        var expiresAt = issuedAt + options.Value.AccessTokenLifetime;
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, user.Id.ToString("D")),
            new(JwtRegisteredClaimNames.Email, user.Email),
            new(JwtRegisteredClaimNames.Name, user.DisplayName),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
            new(SecurityStampClaim, user.SecurityStamp.ToString(CultureInfo.InvariantCulture)),
        };
        if (user.IsAdmin)
        {
            claims.Add(new Claim(AdminClaim, "true"));
        }

        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Issuer,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expiresAt);
    }

    /// <summary>What the JWT bearer handler checks: signature with the current key, issuer, audience, lifetime (30 s clock skew).</summary>
    public static TokenValidationParameters ValidationParameters(SigningKeyStore keys) => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Issuer,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        IssuerSigningKeyResolver = (_, _, _, _) => [keys.Key],
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = JwtRegisteredClaimNames.Name,
        RoleClaimType = "role",
    };
}
