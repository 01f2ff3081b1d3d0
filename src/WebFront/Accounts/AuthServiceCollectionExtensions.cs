using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Vibe.WebFront.Accounts;

internal static class AuthServiceCollectionExtensions
{
    /// <summary>The SignalR hubs live under this path; their connections may carry the access token in the query string.</summary>
    public const string HubsPath = "/hubs";

    /// <summary>
    /// JWT bearer authentication as the default scheme (tokens from <see cref="AccessTokenIssuer"/>; on paths under /hubs
    /// also from the <c>access_token</c> query parameter, as browsers cannot set headers on WebSockets), and authorization
    /// that requires a signed-in user on every mapped endpoint unless it allows anonymous access. Call it after AddVibeDatabase:
    /// the signing key is loaded from the database at startup.
    /// </summary>
    public static IServiceCollection AddVibeAuthentication(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.SectionName)
            .Validate(o => o.AccessTokenLifetime > TimeSpan.Zero, "Vibe:Auth:AccessTokenLifetime must be positive.")
            .Validate(o => o.RefreshTokenLifetime > TimeSpan.Zero, "Vibe:Auth:RefreshTokenLifetime must be positive.")
            .Validate(o => o.PasswordIterations >= AuthOptions.MinimumPasswordIterations, $"Vibe:Auth:PasswordIterations must be at least {AuthOptions.MinimumPasswordIterations:N0}.")
            .Validate(o => o.MaxFailedSignIns >= 1, "Vibe:Auth:MaxFailedSignIns must be at least 1.")
            .Validate(o => o.LockoutDuration > TimeSpan.Zero, "Vibe:Auth:LockoutDuration must be positive.")
            .Validate(o => o.RequestsPerAddress >= 1 && o.RequestsPerEmail >= 1, "Vibe:Auth:RequestsPerAddress and RequestsPerEmail must be at least 1.")
            .Validate(o => o.RateLimitWindow > TimeSpan.Zero, "Vibe:Auth:RateLimitWindow must be positive.")
            .Validate(o => o.InvitationLifetime > TimeSpan.Zero, "Vibe:Auth:InvitationLifetime must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SigningKeyStore>();
        services.AddHostedService(sp => sp.GetRequiredService<SigningKeyStore>());
        services.AddSingleton<AccessTokenIssuer>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKeyStore>((jwt, keys) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = AccessTokenIssuer.ValidationParameters(keys);
                jwt.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        if (context.HttpContext.Request.Path.StartsWithSegments(HubsPath)
                            && context.Request.Query["access_token"] is [{ Length: > 0 } token])
                        {
                            context.Token = token;
                        }

                        return Task.CompletedTask;
                    },
                };
            });
        // Every mapped endpoint needs a signed-in user unless it allows anonymous access. Requests that match no route
        // (404), or a route with the wrong method (405) or content type (415), keep that answer for everyone.
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder()
                .RequireAssertion(context => context.User.Identity?.IsAuthenticated == true
                    || (context.Resource is HttpContext http && http.GetEndpoint() is not RouteEndpoint))
                .Build());
        return services;
    }
}
