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

    /// <summary>
    /// The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto headers are believed, ';'-separated addresses or CIDR
    /// networks (e.g. "10.0.0.5;192.168.1.0/24"); none by default, so a client cannot pose as another address. Rate limits,
    /// the sign-in throttle and the audit log see the client's address through a listed proxy, the proxy's otherwise.
    /// </summary>
    public string? KnownProxies { get; set; }

    /// <summary>The networks of <see cref="KnownProxies"/> (a single address as a network of one); null when an entry is neither.</summary>
    public IReadOnlyList<System.Net.IPNetwork>? ProxyNetworks
    {
        get
        {
            var networks = new List<System.Net.IPNetwork>();
            foreach (var entry in (KnownProxies ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (System.Net.IPAddress.TryParse(entry, out var address))
                {
                    networks.Add(new System.Net.IPNetwork(address, address.GetAddressBytes().Length * 8));
                }
                else if (System.Net.IPNetwork.TryParse(entry, out var network))
                {
                    networks.Add(network);
                }
                else
                {
                    return null;
                }
            }

            return networks;
        }
    }

    /// <summary>The origins of <see cref="CorsOrigins"/>, without trailing slashes.</summary>
    public string[] AllowedOrigins =>
        [.. (CorsOrigins ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(origin => origin.TrimEnd('/'))];

    /// <summary>The absolute link to <paramref name="path"/> (e.g. "invite/TOKEN") under <see cref="PublicUrl"/>; null when it is not set.</summary>
    public Uri? Link(string path) =>
        Uri.TryCreate((PublicUrl ?? "").Trim().TrimEnd('/') + "/", UriKind.Absolute, out var root) && root.Scheme is "http" or "https"
            ? new Uri(root, path.TrimStart('/'))
            : null;
}
