using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Dashboard;
using Vibe.WebFront.Accounts;

namespace Vibe.WebFront.Admin;

/// <summary>
/// Orleans' dashboard (Microsoft.Orleans.Dashboard, added to every silo by Vibe.Hosting) at <c>/admin/cluster</c>, for
/// installation admins only. Its page, assets and data calls all pass <see cref="Policy"/>: a signed-in account (an access
/// token, or the <see cref="ClusterDashboardCookie"/> that <c>POST /api/v1/admin/cluster-session</c> gives a browser) that
/// the database says is an enabled admin, on every request. Anonymous requests get 401, other accounts 403.
/// </summary>
internal static class ClusterDashboard
{
    public const string Policy = "ClusterDashboard";

    public static IServiceCollection AddClusterDashboard(this IServiceCollection services)
    {
        services.AddSingleton<ClusterDashboardCookie>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ClusterDashboardAuthentication>(ClusterDashboardAuthentication.SchemeName, configureOptions: null);
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            // The bearer scheme first: its challenge only sets headers, the cookie scheme's then writes the ProblemDetails.
            .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme, ClusterDashboardAuthentication.SchemeName)
            .RequireAuthenticatedUser()
            .RequireAssertion(IsEnabledAdminAsync));
        return services;
    }

    /// <summary>Maps the dashboard under <see cref="ClusterDashboardCookie.Path"/>.</summary>
    public static IEndpointRouteBuilder MapClusterDashboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOrleansDashboard(routePrefix: ClusterDashboardCookie.Path)
            .RequireAuthorization(Policy)
            .AddEndpointFilter(RefuseGrainState)
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>
    /// The dashboard's grain-state viewer calls a grain's parameterless methods by reflection, past Vibe's own permission
    /// checks and audit log, and some of Vibe's grain methods change things (Start, Stop): it is refused.
    /// </summary>
    private static ValueTask<object?> RefuseGrainState(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } pattern } && pattern.EndsWith("/GrainState", StringComparison.Ordinal)
            ? ValueTask.FromResult<object?>(TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Not available",
                detail: "Vibe turns off the dashboard's grain state viewer: it would call grain methods past Vibe's permission checks and audit log. Grain state is readable JSON in the database (docs/cluster.md)."))
            : next(context);

    /// <summary><c>POST /api/v1/admin/cluster-session</c> (an admin API endpoint): the cookie that lets this browser open the dashboard.</summary>
    public static Ok<ClusterDashboardSession> OpenSession(ClaimsPrincipal principal, HttpResponse response, ClusterDashboardCookie cookie) =>
        TypedResults.Ok(new ClusterDashboardSession($"{ClusterDashboardCookie.Path}/", cookie.Issue(response, principal.GetUserId())));

    /// <summary>The database decides, not a token's claims or the cookie: a demoted or disabled admin loses the dashboard at once.</summary>
    private static async Task<bool> IsEnabledAdminAsync(AuthorizationHandlerContext context)
    {
        if (context.Resource is not HttpContext http || context.User.Identity?.IsAuthenticated != true)
        {
            return false;
        }

        var accounts = http.RequestServices.GetRequiredService<AccountStore>();
        return await accounts.IsEnabledAdminAsync(context.User.GetUserId(), http.RequestAborted);
    }
}
