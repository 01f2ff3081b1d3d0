using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Vibe.WebFront.Accounts;

namespace Vibe.WebFront.Admin;

/// <summary>
/// Signs in the requests of the cluster dashboard that carry <see cref="ClusterDashboardCookie"/>: as the account it names,
/// while that account exists and is not disabled (as for access tokens). Whether it is an admin is the policy's question,
/// asked on every request. Refusals are ProblemDetails saying where the dashboard opens from.
/// </summary>
internal sealed class ClusterDashboardAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ClusterDashboardCookie cookie, AccountStatusCache accounts, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ClusterDashboardCookie";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Cookies.ContainsKey(ClusterDashboardCookie.Name))
        {
            return AuthenticateResult.NoResult();
        }

        if (cookie.Read(Request) is not var (userId, expiresAt))
        {
            return AuthenticateResult.Fail("The cluster dashboard cookie is invalid or expired.");
        }

        if (!await accounts.IsActiveAsync(userId, Context.RequestAborted))
        {
            return AuthenticateResult.Fail("The account is disabled or no longer exists.");
        }

        if (cookie.ShouldRenew(expiresAt))
        {
            cookie.Issue(Response, userId);
        }

        var identity = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, userId.ToString("D"))], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => RefuseAsync(
        StatusCodes.Status401Unauthorized, "Sign in first",
        "The cluster dashboard opens from Vibe's admin screens: sign in as an installation admin and choose Admin, then Cluster.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => RefuseAsync(
        StatusCodes.Status403Forbidden, "Not allowed", "Only installation admins see the cluster dashboard.");

    private async Task RefuseAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
