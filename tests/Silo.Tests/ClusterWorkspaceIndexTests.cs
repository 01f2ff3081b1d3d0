using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.TestSupport;
using Xunit.Abstractions;

namespace Vibe.Silo.Tests;

/// <summary>
/// In cluster mode the workspace grains run on a grain silo and the web front lists workspaces from its index: what a
/// grain changes on its own silo, without any call through the web front, reaches GET /api/v1/workspaces through the
/// web front's projection of the grain's status events.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class ClusterWorkspaceIndexTests(ClusterServers servers, ITestOutputHelper output)
{
    [Fact]
    public async Task What_a_grain_on_the_grain_silo_changes_shows_in_the_web_fronts_listing()
    {
        // A service id of its own labels the workspace container, so only this test's containers are ever removed.
        var serviceId = "idx" + Guid.NewGuid().ToString("N")[..10];
        var settings = await servers.NewClusterSettingsAsync("Redis");
        settings["Vibe__Silo__ServiceId"] = serviceId;
        using var grainData = new TempDirectory();
        using var webData = new TempDirectory();
        await using var cluster = new LocalCluster(settings);
        IWorkspaceGrain? grain = null;
        var deleted = false;
        try
        {
            // Arrange: a grain silo, and WebFront as the web silo with the gateway; a user with a workspace made through the API.
            var (_, web) = await WebSiloCluster.StartAsync(
                cluster,
                grains: new Dictionary<string, string> { ["Vibe__DataDirectory"] = grainData.Path },
                web: new Dictionary<string, string>
                {
                    ["Vibe__DataDirectory"] = webData.Path,
                    ["Vibe__Cluster__Role"] = "web",
                    ["Vibe__Cluster__GatewayPort"] = FreePort.Find().ToString(CultureInfo.InvariantCulture),
                });
            var token = await WebSiloCluster.RegisterAsync(web, "owner@example.com", "Olga Owner");
            using var api = new HttpClient { BaseAddress = web.Url };
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var created = await api.PostAsJsonAsync("/api/v1/workspaces", new { name = "made on the web", template = "blank" });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            using var client = await ClusterClient.ConnectAsync(servers.Redis.ConnectionString, cluster.ClusterId, serviceId);
            grain = client.Services.GetRequiredService<IClusterClient>().GetGrain<IWorkspaceGrain>(id);

            // Act and assert: a rename and a delete made on the grain itself, not through the web front, reach its listing.
            await grain.Update("renamed on the grain silo", null);
            await Eventually.Until(
                async () => await ListedAsync(api, id) is { } listed
                    && listed.GetProperty("name").GetString() == "renamed on the grain silo"
                    && listed.GetProperty("status").GetString() == "stopped",
                "the listing to show the grain's new name",
                WebSiloCluster.JoinBound);
            await grain.Delete();
            deleted = true;
            await Eventually.Until(async () => await ListedAsync(api, id) is null, "the listing to drop the workspace the grain deleted", WebSiloCluster.JoinBound);
            Assert.Equal(0, await web.Process.TerminateAsync());
        }
        catch (Exception failure)
        {
            cluster.KeepLogs();
            output.WriteLine($"FAILED: {failure.Message}");
            output.WriteLine(cluster.Describe());
            throw;
        }
        finally
        {
            if (grain is not null && !deleted)
            {
                await RemoveContainersAsync(serviceId);
            }
        }
    }

    private static async Task<JsonElement?> ListedAsync(HttpClient api, string id)
    {
        var list = await api.GetFromJsonAsync<JsonElement>("/api/v1/workspaces");
        foreach (var workspace in list.EnumerateArray())
        {
            if (workspace.GetProperty("id").GetString() == id)
            {
                return workspace;
            }
        }

        return null;
    }

    /// <summary>Removes the containers labelled with this test's service id (the grain silo made at most one), when the test could not delete its workspace.</summary>
    private static async Task RemoveContainersAsync(string serviceId)
    {
        using var list = Process.Start(new ProcessStartInfo("docker", ["ps", "-aq", "--filter", $"label=vibe.service={serviceId}"]) { RedirectStandardOutput = true })!;
        var ids = (await list.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        await list.WaitForExitAsync();
        if (ids.Length > 0)
        {
            using var remove = Process.Start("docker", ["rm", "-f", "-v", .. ids]);
            await remove.WaitForExitAsync();
        }
    }
}
