using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Vibe.WebFront.Web;

internal static class WebServiceCollectionExtensions
{
    /// <summary>
    /// The HTTP behaviour of WebFront: ProblemDetails for every error (the framework's refusals with a detail, unexpected
    /// failures without internals), request body limits, CORS when Vibe:Web:CorsOrigins names origins, the JSON contract
    /// (<see cref="WireJson"/>) and the OpenAPI document.
    /// </summary>
    public static IServiceCollection AddWebFrontHttp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebOptions>()
            .BindConfiguration(WebOptions.SectionName)
            .Validate(o => o.MaxRequestBodyBytes > 0, "Vibe:Web:MaxRequestBodyBytes must be positive.")
            .Validate(o => o.ProxyNetworks is not null, "Vibe:Web:KnownProxies must list IP addresses or CIDR networks separated by ';' (such as 10.0.0.5;192.168.1.0/24).")
            .Validate(o => o.AllowedOrigins.All(IsOrigin), "Vibe:Web:CorsOrigins must list origins such as https://ide.example.com (scheme, host and optional port; no path).")
            .Validate(o => string.IsNullOrWhiteSpace(o.PublicUrl) || o.Link("") is not null, "Vibe:Web:PublicUrl must be an http:// or https:// address such as https://vibe.example.com.")
            .ValidateOnStart();
        // Forwarded headers count only from the proxies the operator listed: the framework's default trusts loopback, which
        // would let anything on this machine (a workspace port published there, a local user) choose its address.
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<WebOptions>>((forwarded, web) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = null; // each hop is checked against the list: the first unlisted one ends the walk
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var network in web.Value.ProxyNetworks ?? [])
            {
                forwarded.KnownIPNetworks.Add(network);
            }
        });
        services.AddExceptionHandler<RequestRefusalHandler>();
        services.AddExceptionHandler<UnexpectedErrorHandler>();
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
        {
            // A request no endpoint matched reaches the status code pages with a bare 404: say what it was.
            var request = context.HttpContext.Request;
            if (context.ProblemDetails.Status == StatusCodes.Status404NotFound && context.ProblemDetails.Detail is null && request.Path.StartsWithSegments("/api"))
            {
                context.ProblemDetails.Title = "No such API endpoint";
                context.ProblemDetails.Detail = $"{request.Method} {request.Path} is not part of the API; the endpoints are listed in /openapi/v1.json.";
            }
        });

        // Refused requests (malformed JSON, a missing body) throw, so UnexpectedErrorHandler answers with what was wrong.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        // Without origins there is no policy, and the CORS middleware lets no other site in.
        var origins = configuration.GetSection(WebOptions.SectionName).Get<WebOptions>()?.AllowedOrigins ?? [];
        services.AddCors(cors =>
        {
            if (origins.Length > 0)
            {
                cors.AddDefaultPolicy(policy => policy.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod().AllowCredentials());
            }
        });

        // One JSON contract for the API and its OpenAPI document (the hub applies the same in AddWorkspaceHub).
        services.ConfigureHttpJsonOptions(json => WireJson.Apply(json.SerializerOptions));
        services.AddOpenApi(openApi => openApi.AddSchemaTransformer<NeverSentValuesTransformer>());
        return services;
    }

    /// <summary>
    /// Reads X-Forwarded-For and X-Forwarded-Proto from the proxies of Vibe:Web:KnownProxies; without any, adds nothing, as
    /// the framework's middleware with empty lists would believe the headers from everyone.
    /// </summary>
    public static IApplicationBuilder UseKnownProxies(this IApplicationBuilder app)
    {
        var web = app.ApplicationServices.GetRequiredService<IOptions<WebOptions>>().Value;
        return web.ProxyNetworks is { Count: > 0 } ? app.UseForwardedHeaders() : app;
    }

    /// <summary>Whether <paramref name="origin"/> is scheme://host[:port] with nothing after it.</summary>
    private static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && uri.AbsolutePath == "/"
        && string.IsNullOrEmpty(uri.Query);
}
