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
            .Validate(o => o.FreeFailedSignInsPerAccount >= 1 && o.FreeFailedSignInsPerAddress >= 1, "Vibe:Auth:FreeFailedSignInsPerAccount and FreeFailedSignInsPerAddress must be at least 1.")
            .Validate(o => o.MaxSignInDelay >= TimeSpan.FromSeconds(1), "Vibe:Auth:MaxSignInDelay must be at least 1 second.")
            .Validate(o => o.SignInFailureMemory > TimeSpan.Zero, "Vibe:Auth:SignInFailureMemory must be positive.")
            .Validate(o => o.RequestsPerAddress >= 1, "Vibe:Auth:RequestsPerAddress must be at least 1.")
            .Validate(o => o.PasswordResetLifetime > TimeSpan.Zero && o.SignUpLinkLifetime > TimeSpan.Zero, "Vibe:Auth:PasswordResetLifetime and SignUpLinkLifetime must be positive.")
            .Validate(o => o.RateLimitWindow > TimeSpan.Zero, "Vibe:Auth:RateLimitWindow must be positive.")
            .Validate(o => o.InvitationLifetime > TimeSpan.Zero, "Vibe:Auth:InvitationLifetime must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SigningKeyStore>();
        services.AddHostedService(sp => sp.GetRequiredService<SigningKeyStore>());
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<AccountStatusCache>();

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

                    // A valid token of a disabled (or deleted) account, or one issued before the password last changed, is refused:
                    // the change applies before the token expires.
                    OnTokenValidated = async context =>
                    {
                        var status = context.HttpContext.RequestServices.GetRequiredService<AccountStatusCache>();
                        if (context.Principal is not { } principal || !await status.IsCurrentAsync(principal, context.HttpContext.RequestAborted))
                        {
                            context.Fail("The session has ended: the account is disabled or gone, or its password changed.");
                        }
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
