namespace Vibe.WebFront.Web;

/// <summary>
/// Adds the security headers to every response: a Content-Security-Policy that lets the app load scripts, styles, fonts
/// and images from this origin only and connect to this origin only (HTTP and the hubs' WebSockets), never framed; no
/// MIME sniffing; no referrer sent elsewhere.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    // style-src allows inline styles: CodeMirror and xterm.js inject <style> elements. Inline scripts stay forbidden.
    private const string PolicyBeforeConnect = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; connect-src 'self'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            var headers = context.Response.Headers;
            var webSocketScheme = context.Request.IsHttps ? "wss" : "ws";
            headers.ContentSecurityPolicy = $"{PolicyBeforeConnect} {webSocketScheme}://{context.Request.Host.ToUriComponent()}";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
