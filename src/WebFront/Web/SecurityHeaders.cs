using System.Globalization;
using Microsoft.Extensions.Options;
using Vibe.WebFront.Preview;

namespace Vibe.WebFront.Web;

/// <summary>
/// Adds the security headers to every response: a Content-Security-Policy that lets the app load scripts, styles, fonts
/// and images from this origin only and connect to this origin only (HTTP and the hubs' WebSockets), never framed; no
/// MIME sniffing; no referrer sent elsewhere.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next, IOptions<PreviewOptions> preview)
{
    // style-src allows inline styles: CodeMirror and xterm.js inject <style> elements. Inline scripts stay forbidden.
    private const string PolicyBeforeConnect = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; connect-src 'self'";

    private readonly string _previewDomain = preview.Value.Domain;

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var (context, previewDomain) = ((HttpContext, string))state;
            var headers = context.Response.Headers;
            var webSocketScheme = context.Request.IsHttps ? "wss" : "ws";
            // The Preview tab frames workspace apps, served on their own origins under the preview domain (and at /preview/ on this one).
            var port = context.Request.Host.Port is { } p ? ":" + p.ToString(CultureInfo.InvariantCulture) : "";
            headers.ContentSecurityPolicy = $"{PolicyBeforeConnect} {webSocketScheme}://{context.Request.Host.ToUriComponent()}; frame-src 'self' {context.Request.Scheme}://*.{previewDomain}{port}";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            return Task.CompletedTask;
        }, (context, _previewDomain));
        return next(context);
    }
}
