using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Vibe.WebFront.Accounts;

/// <summary>Reads the signed-in user from the claims of a validated access token (claim names as issued: MapInboundClaims is off).</summary>
public static class ClaimsPrincipalExtensions
{
    /// <summary>The user's id: the token's <c>sub</c> claim.</summary>
    /// <exception cref="InvalidOperationException">The principal is not an authenticated Vibe user (call it only behind authorization).</exception>
    public static Guid GetUserId(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var subject = principal.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        return Guid.TryParse(subject, out var id)
            ? id
            : throw new InvalidOperationException("The request has no signed-in user: GetUserId needs an endpoint that requires authorization.");
    }

    /// <summary>The name to show for the user: the token's <c>name</c> claim, else its email.</summary>
    public static string GetDisplayName(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.FindFirst(JwtRegisteredClaimNames.Name)?.Value is { Length: > 0 } name
            ? name
            : principal.FindFirst(JwtRegisteredClaimNames.Email)?.Value ?? "someone";
    }
}
