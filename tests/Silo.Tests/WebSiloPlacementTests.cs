using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Vibe.Grains.Interfaces.Agents;
using Vibe.TestSupport;
using Xunit.Abstractions;

namespace Vibe.Silo.Tests;

/// <summary>
/// In cluster mode WebFront joins as a thin silo with the role "web": Vibe's grains are activated on the grain silos only,
/// even when the web silo is the one that places them. The management grain says which silo hosts which activation.
/// Its cluster dashboard (/admin/cluster) shows every silo of the cluster.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class WebSiloPlacementTests(ClusterServers servers, ITestOutputHelper output)
{
    private const int Names = 30;

    [Fact]
    public async Task The_web_silo_hosts_none_of_Vibes_grains_while_the_grain_silo_hosts_those_it_placed()
    {
        var settings = await servers.NewClusterSettingsAsync("Redis");
        await using var cluster = new LocalCluster(settings);
        try
        {
            // Arrange: a grain silo, and WebFront as the web silo, the only one with a gateway: the client's calls enter
            // the cluster there, so the web silo places every new activation.
            var (grainSilo, web) = await WebSiloCluster.StartAsync(
                cluster,
                web: new Dictionary<string, string>
                {
                    ["Vibe__Cluster__Role"] = "web",
                    ["Vibe__Cluster__GatewayPort"] = FreePort.Find().ToString(CultureInfo.InvariantCulture),
                });
            using var client = await ClusterClient.ConnectAsync(servers.Redis.ConnectionString, cluster.ClusterId);
            var grains = client.Services.GetRequiredService<IClusterClient>();

            // The web silo places a grain on the grain silo only once the grain silo's membership and silo metadata have
            // reached it, which can be a moment after both count two active silos: the first activation is retried while
            // no silo is yet placeable (any other failure fails the test).
            var run = Guid.NewGuid().ToString("N")[..6];
            await Eventually.Until(
                async () =>
                {
                    try
                    {
                        return await grains.GetGrain<IAgentSpendGrain>($"web-0-{run}").GetUsage() == new AgentSpendUsage(0, 0);
                    }
                    catch (OrleansException unplaceable) when (NoSiloPlaceable(unplaceable))
                    {
                        output.WriteLine($"not placeable yet: {unplaceable.Message}");
                        return false;
                    }
                },
                "the web silo places an agent-spend grain on the grain silo",
                WebSiloCluster.JoinBound);

            // Act: activate agent-spend grains (one per user or team) through the web silo's gateway.
            for (var i = 1; i < Names; i++)
            {
                Assert.Equal(new AgentSpendUsage(0, 0), await grains.GetGrain<IAgentSpendGrain>($"web-{i}-{run}").GetUsage());
            }

            // Assert: the management grain finds every one of those activations on the grain silo and no Vibe grain on the web silo.
            var statistics = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
            var webAddress = (await web.ReadinessAsync())?.SiloAddress;
            var grainAddress = (await grainSilo.ReadinessAsync())?.SiloAddress;
            var vibeGrains = statistics.Where(s => s.GrainType.StartsWith("Vibe.", StringComparison.Ordinal)).ToList();
            foreach (var group in vibeGrains.GroupBy(s => (Silo: s.SiloAddress.ToString(), s.GrainType)))
            {
                output.WriteLine($"{group.Key.Silo}: {group.Count()} x {group.Key.GrainType}");
            }

            Assert.DoesNotContain(vibeGrains, s => s.SiloAddress.ToString() == webAddress);
            Assert.Equal(Names, vibeGrains.Count(s => s.SiloAddress.ToString() == grainAddress && s.GrainType.StartsWith("Vibe.Grains.Agents.AgentSpendGrain,", StringComparison.Ordinal)));
            Assert.Equal(0, await web.Process.TerminateAsync());
        }
        catch (Exception failure)
        {
            cluster.KeepLogs();
            output.WriteLine($"FAILED: {failure.Message}");
            output.WriteLine(cluster.Describe());
            throw;
        }
    }

    /// <summary>Whether <paramref name="failure"/> (or one it wraps) says that no active silo may host the grain yet.</summary>
    private static bool NoSiloPlaceable(Exception? failure)
    {
        for (; failure is not null; failure = failure.InnerException)
        {
            if (failure.Message.Contains("No active nodes are compatible", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    [Fact]
    public async Task The_web_silo_serves_the_cluster_dashboard_to_its_admin_showing_every_silo_of_the_cluster()
    {
        var settings = await servers.NewClusterSettingsAsync("Redis");
        await using var cluster = new LocalCluster(settings);
        try
        {
            // Arrange: a grain silo and WebFront as the web silo, whose first account is the installation admin.
            var (_, web) = await WebSiloCluster.StartAsync(cluster);
            var accessToken = await WebSiloCluster.RegisterAsync(web, "admin@example.com", "Ada Admin");

            // Act: the admin's browser gets the dashboard cookie, then reads the dashboard's counters with it alone.
            using var open = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/cluster-session");
            open.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            using var opened = await web.Client.SendAsync(open);
            Assert.True(opened.IsSuccessStatusCode, await opened.Content.ReadAsStringAsync());
            var cookie = opened.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
            using var browser = new HttpClient { BaseAddress = web.Url };
            browser.DefaultRequestHeaders.Add("Cookie", cookie);
            using var stranger = new HttpClient { BaseAddress = web.Url }; // web.Client keeps the cookie it was given
            using var anonymous = await stranger.GetAsync("/admin/cluster/DashboardCounters");
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

            // Assert: the web silo's dashboard sees the whole cluster, the grain silo included.
            var names = Array.Empty<string>();
            await Eventually.Until(
                async () =>
                {
                    var counters = await browser.GetFromJsonAsync<JsonElement>("/admin/cluster/DashboardCounters");
                    names = [.. counters.GetProperty("hosts").EnumerateArray().Where(h => h.GetProperty("status").GetString() == "Active").Select(h => h.GetProperty("siloName").GetString()!)];
                    return counters.GetProperty("totalActiveHostCount").GetInt32() == 2 && names.Length == 2;
                },
                "the dashboard lists both active silos",
                WebSiloCluster.JoinBound);
            output.WriteLine($"the dashboard lists {string.Join(", ", names)}");
            Assert.Equal(["grains", "web"], names.Order(StringComparer.Ordinal));
            Assert.Equal(0, await web.Process.TerminateAsync());
        }
        catch (Exception failure)
        {
            cluster.KeepLogs();
            output.WriteLine($"FAILED: {failure.Message}");
            output.WriteLine(cluster.Describe());
            throw;
        }
    }
}
