namespace Vibe.WebFront.Web;

/// <summary>The "Vibe:Web" configuration section: cross-origin access and request limits.</summary>
public sealed class WebOptions
{
    public const string SectionName = "Vibe:Web";

    /// <summary>Origins allowed to call the API and hubs from another site, ';'-separated (e.g. "https://ide.example.com"); none by default (CORS closed).</summary>
    public string? CorsOrigins { get; set; }

    /// <summary>Where people open Vibe, e.g. https://vibe.example.com (behind a proxy, its public address): the links in emails point there. Required with Vibe:Email:Host.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>The largest request body accepted, in bytes, unless an endpoint sets its own limit (default 1 MiB).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The origins of <see cref="CorsOrigins"/>, without trailing slashes.</summary>
    public string[] AllowedOrigins =>
        [.. (CorsOrigins ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(origin => origin.TrimEnd('/'))];

    /// <summary>The absolute link to <paramref name="path"/> (e.g. "invite/TOKEN") under <see cref="PublicUrl"/>; null when it is not set.</summary>
    public Uri? Link(string path) =>
        Uri.TryCreate((PublicUrl ?? "").Trim().TrimEnd('/') + "/", UriKind.Absolute, out var root) && root.Scheme is "http" or "https"
            ? new Uri(root, path.TrimStart('/'))
            : null;
}
