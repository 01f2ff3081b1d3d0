using System.Net.Http.Headers;
using Yarp.ReverseProxy.Forwarder;

namespace Vibe.WebFront.Preview;

/// <summary>
/// Turns a preview request into the request to the container: the app keeps the host name the browser used, learns the
/// path form's prefix from <c>X-Forwarded-Prefix</c>, and never sees Vibe's own credentials (a bearer token, the
/// <c>vibe_*</c> cookies).
/// </summary>
internal sealed class PreviewTransformer : HttpTransformer
{
    public static readonly PreviewTransformer Instance = new();

    private PreviewTransformer()
    {
    }

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        var request = httpContext.Request;
        var headers = proxyRequest.Headers;
        headers.Host = request.Host.Value;
        headers.Remove("X-Forwarded-Host");
        headers.Remove("X-Forwarded-Proto");
        headers.Remove("X-Forwarded-Prefix");
        headers.TryAddWithoutValidation("X-Forwarded-Host", request.Host.Value);
        headers.TryAddWithoutValidation("X-Forwarded-Proto", request.Scheme);
        if (request.PathBase.HasValue)
        {
            headers.TryAddWithoutValidation("X-Forwarded-Prefix", request.PathBase.Value);
        }

        if (headers.Authorization is { Scheme: var scheme } && scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            headers.Authorization = null;
        }

        if (headers.TryGetValues("Cookie", out var cookies))
        {
            var kept = WithoutVibeCookies(cookies);
            headers.Remove("Cookie");
            if (kept.Length > 0)
            {
                headers.TryAddWithoutValidation("Cookie", kept);
            }
        }
    }

    /// <summary>The cookie pairs whose name does not start with <c>vibe_</c>, joined again.</summary>
    internal static string WithoutVibeCookies(IEnumerable<string> cookieHeaders)
    {
        var kept = new List<string>();
        foreach (var header in cookieHeaders)
        {
            foreach (var pair in header.Split(';'))
            {
                var trimmed = pair.Trim();
                if (trimmed.Length > 0 && !trimmed.StartsWith("vibe_", StringComparison.OrdinalIgnoreCase))
                {
                    kept.Add(trimmed);
                }
            }
        }

        return string.Join("; ", kept);
    }
}
