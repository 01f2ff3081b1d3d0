using Microsoft.Extensions.Options;
using Vibe.WebFront.Web;

namespace Vibe.WebFront.Accounts;

/// <summary>
/// The browser's refresh token: an HttpOnly, SameSite=Strict cookie (Secure when served over HTTPS) sent only to the
/// refresh endpoint, so page scripts never see it. A request asks for it with the header <c>X-Vibe-Session: cookie</c>
/// on sign-in, registration, password change or refresh; without it the token travels in the JSON body as before (the
/// CLI and other non-browser clients). Using the cookie requires that header too and, when the browser names one, a
/// same-site origin: a cross-site page can neither set the header without a CORS preflight nor send the cookie.
/// </summary>
internal static class RefreshCookie
{
    public const string Name = "vibe_refresh";
    public const string Path = "/api/v1/auth/refresh";
    public const string SessionHeader = "X-Vibe-Session";
    public const string SessionHeaderValue = "cookie";

    /// <summary>Whether the request asks for the refresh token as a cookie (and proves it is not a plain cross-site form).</summary>
    public static bool IsRequested(HttpRequest request) =>
        string.Equals(request.Headers[SessionHeader], SessionHeaderValue, StringComparison.OrdinalIgnoreCase);

    /// <summary>The token in the request's cookie, or null.</summary>
    public static string? Read(HttpRequest request) => request.Cookies.TryGetValue(Name, out var token) && token.Length > 0 ? token : null;

    /// <summary>Why a request that would use the cookie is refused as cross-site; null when it may.</summary>
    public static string? DescribeForgery(HttpRequest request)
    {
        if (!IsRequested(request))
        {
            return $"Refreshing with the session cookie needs the header {SessionHeader}: {SessionHeaderValue}.";
        }

        // Browsers say where a request comes from; same-origin and the app's allowed origins (Vibe:Web:CorsOrigins) pass.
        if (request.Headers.TryGetValue("Sec-Fetch-Site", out var site) && site.ToString() is not ("same-origin" or "none" or "same-site"))
        {
            return "Cross-site requests may not use the session cookie.";
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 || origin == $"{request.Scheme}://{request.Host}")
        {
            return null;
        }

        var web = request.HttpContext.RequestServices.GetRequiredService<IOptions<WebOptions>>().Value;
        return web.AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase) ? null : $"Requests from {origin} may not use the session cookie.";
    }

    public static void Set(HttpResponse response, string token, DateTimeOffset expiresAt) =>
        response.Cookies.Append(Name, token, Options(response.HttpContext.Request, expiresAt));

    public static void Clear(HttpResponse response) =>
        response.Cookies.Delete(Name, Options(response.HttpContext.Request, DateTimeOffset.UnixEpoch));

    private static CookieOptions Options(HttpRequest request, DateTimeOffset expiresAt) => new()
    {
        HttpOnly = true,
        Secure = request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = Path,
        Expires = expiresAt,
        IsEssential = true,
    };
}
