using System.Net;

namespace Vibe.WebFront.Preview;

/// <summary>The proxy's own small pages, shown in the preview frame instead of the app while it cannot answer.</summary>
internal static class PreviewPages
{
    /// <summary>Writes a page that says <paramref name="message"/> and, with <paramref name="reload"/>, reloads itself every two seconds.</summary>
    public static Task WriteAsync(HttpContext context, int status, string title, string message, bool reload)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";
        var refresh = reload ? "<meta http-equiv=\"refresh\" content=\"2\">" : "";
        var html = $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">{{refresh}}
            <title>{{WebUtility.HtmlEncode(title)}}</title>
            <style>body{font:15px/1.5 system-ui,sans-serif;color:#333;background:#fafafa;display:flex;align-items:center;justify-content:center;min-height:90vh;margin:0 1rem}main{max-width:32rem;text-align:center}h1{font-size:1.2rem}</style>
            </head><body><main><h1>{{WebUtility.HtmlEncode(title)}}</h1><p>{{WebUtility.HtmlEncode(message)}}</p></main></body></html>
            """;
        return response.WriteAsync(html, context.RequestAborted);
    }
}
