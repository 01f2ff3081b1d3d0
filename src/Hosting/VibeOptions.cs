namespace Vibe.Hosting;

/// <summary>The process's own settings: the "Vibe" configuration section (environment variables Vibe__DataDirectory, Vibe__Urls).</summary>
internal sealed class VibeOptions
{
    public const string SectionName = "Vibe";

    /// <summary>The listen address when neither Vibe:Urls nor the host's urls setting names one.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5000";

    /// <summary>Where the SQLite database (grain state, reminders) lives; a relative path is taken from the current directory (default ".data").</summary>
    public string DataDirectory { get; set; } = ".data";

    /// <summary>The URLs to listen on, separated by ';' (default: ASPNETCORE_URLS or --urls, else <see cref="DefaultUrl"/>).</summary>
    public string? Urls { get; set; }

    /// <summary>Vibe:Urls if set, else the host's urls setting (ASPNETCORE_URLS, --urls), else <see cref="DefaultUrl"/>.</summary>
    public string ResolveUrls(string? hostUrls) =>
        !string.IsNullOrWhiteSpace(Urls) ? Urls
        : !string.IsNullOrWhiteSpace(hostUrls) ? hostUrls
        : DefaultUrl;
}
