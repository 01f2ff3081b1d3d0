using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Vibe.TestSupport;

namespace Vibe.Silo.Tests;

/// <summary>The arrangement of the web silo tests: a grain silo and WebFront as a web silo, started in one local cluster and joined.</summary>
internal static class WebSiloCluster
{
    /// <summary>How long a silo may take to join, or a change to travel between the silos.</summary>
    public static readonly TimeSpan JoinBound = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Starts the grain silo "grains", then WebFront as "web" (with a key encryption key of its own), each with its extra
    /// settings, and waits until both report two active silos.
    /// </summary>
    public static async Task<(ClusterMember Grains, ClusterMember Web)> StartAsync(
        LocalCluster cluster,
        IReadOnlyDictionary<string, string>? grains = null,
        IReadOnlyDictionary<string, string>? web = null)
    {
        var grainSilo = await cluster.StartMemberAsync("grains", grains);
        var webSettings = new Dictionary<string, string>(web ?? new Dictionary<string, string>())
        {
            ["Vibe__Secrets__KeyEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        var webSilo = await cluster.StartMemberAsync("web", webSettings, WebFrontProcess.WebFrontPath);
        await Eventually.Until(
            async () => (await grainSilo.ReadinessAsync())?.ActiveSilos == 2 && (await webSilo.ReadinessAsync())?.ActiveSilos == 2,
            "both silos report 2 active silos",
            JoinBound);
        return (grainSilo, webSilo);
    }

    /// <summary>Registers an account on <paramref name="web"/> (the first is the installation admin) and returns its access token.</summary>
    public static async Task<string> RegisterAsync(ClusterMember web, string email, string displayName)
    {
        using var registered = await web.Client.PostAsJsonAsync("/api/v1/auth/register", new { email, password = "correct horse battery staple", displayName });
        Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
        return (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }
}
