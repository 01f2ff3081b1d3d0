namespace Vibe.WebFront.Preview;

/// <summary>The live preview (<c>Vibe:Preview</c>): how preview addresses look and how long what the proxy learns stays fresh.</summary>
public sealed class PreviewOptions
{
    public const string SectionName = "Vibe:Preview";

    /// <summary>Previews answer at <c>{port}-{workspace}.{Domain}</c>; browsers send <c>*.localhost</c> to loopback, so the default needs no DNS.</summary>
    public string Domain { get; set; } = "preview.localhost";

    /// <summary>How long a preview link handed out by the API (and the cookie it turns into) stays valid.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How long a web silo reuses a workspace's address, public ports and a visitor's permission before asking again.</summary>
    public TimeSpan CacheTime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Preview traffic postpones the idle stop; the grain is told at most this often per workspace.</summary>
    public TimeSpan ActivityInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A proxied request or WebSocket with no data either way for this long is closed (server-sent events need it long).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
