namespace Vibe.WebFront.Web;

/// <summary>
/// Serves the browser app: its index.html for GET requests to client routes (paths outside /api without a file
/// extension), or a plain page saying the app is not built when wwwroot has no index.html. Nothing else is caught, so
/// unknown /api paths stay 404 (a ProblemDetails, see <see cref="WebServiceCollectionExtensions"/>) and a wrong method or
/// content type on an API endpoint stays 405 or 415.
/// </summary>
internal static class SpaFallback
{
    // The client routes: no file extension ("nonfile") and not under api/.
    private const string ClientRoutes = @"{*path:nonfile:regex(^(?!api\b))}";

    private const string NotBuiltPage = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Vibe</title></head>
        <body>
        <h1>Vibe is running, but its web app is not built</h1>
        <p>The server and its API (<a href="/openapi/v1.json">/openapi/v1.json</a>) work; the browser app in src/WebFront/client has not been built into wwwroot.
        Build it with <code>npm ci &amp;&amp; npm run build</code> in src/WebFront/client (building the WebFront project does this), then reload.</p>
        </body>
        </html>
        """;

    public static IEndpointRouteBuilder MapSpaFallback(this IEndpointRouteBuilder endpoints)
    {
        // "/" has no path value, which the constraints of the client routes refuse: it is mapped on its own.
        foreach (var pattern in new[] { "/", ClientRoutes })
        {
            endpoints.MapGet(pattern, ServeApp)
                .WithOrder(int.MaxValue) // after every other endpoint, like MapFallback
                .AllowAnonymous()
                .ExcludeFromDescription();
        }

        return endpoints;
    }

    private static IResult ServeApp(IWebHostEnvironment environment, HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-cache";
        var index = environment.WebRootFileProvider.GetFileInfo("index.html");
        return index.Exists
            ? TypedResults.Stream(index.CreateReadStream(), "text/html; charset=utf-8")
            : TypedResults.Content(NotBuiltPage, "text/html; charset=utf-8");
    }
}
