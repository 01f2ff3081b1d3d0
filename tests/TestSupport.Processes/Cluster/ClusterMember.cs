using System.Net;
using System.Text.Json;

namespace Vibe.TestSupport;

/// <summary>One Silo process of a <see cref="LocalCluster"/>: its HTTP address, its silo port and a client for it.</summary>
public sealed class ClusterMember : IAsyncDisposable
{
    public ClusterMember(string name, SiloProcess process, Uri url, int siloPort, string banner)
    {
        Name = name;
        Process = process;
        Url = url;
        SiloPort = siloPort;
        Banner = banner;
        Client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The silo's name (Vibe:Silo:SiloName), used in the test's messages too.</summary>
    public string Name { get; }

    public SiloProcess Process { get; }

    public Uri Url { get; }

    public int SiloPort { get; }

    /// <summary>The "Vibe is running at ..." line it printed.</summary>
    public string Banner { get; }

    public HttpClient Client { get; }

    /// <summary>GET /readyz; null if it does not answer with JSON.</summary>
    public async Task<Readiness?> ReadinessAsync()
    {
        try
        {
            using var response = await Client.GetAsync(new Uri("/readyz", UriKind.Relative));
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var root = body.RootElement;
            return new Readiness(
                response.StatusCode,
                root.GetProperty("status").GetString()!,
                root.GetProperty("activations").GetInt64(),
                root.TryGetProperty("siloAddress", out var address) ? address.GetString() : null,
                root.TryGetProperty("cluster", out var cluster) ? cluster.GetString() : null,
                root.TryGetProperty("activeSilos", out var active) ? active.GetInt32() : null);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Process.DisposeAsync();
    }

    /// <summary>What /readyz said.</summary>
    public sealed record Readiness(HttpStatusCode StatusCode, string Status, long Activations, string? SiloAddress, string? Cluster, int? ActiveSilos);
}
