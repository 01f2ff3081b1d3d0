using System.Net;
using System.Text.Json;
using Docker.DotNet.Models;
using Microsoft.Extensions.DependencyInjection;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.TestSupport;
using Vibe.WebFront.Workspaces;

namespace Vibe.WebFront.Tests.Workspaces;

/// <summary>
/// How the workspace index stays current without the API's own writes: the grains' status events reach the listing
/// (WorkspaceIndexProjection), and the sampler records resource use and reports creates that were cut short.
/// </summary>
[Collection(WebFrontCollection.Name)]
public sealed class WorkspaceIndexUpkeepTests(WebFrontFixture fixture)
{
    [Fact]
    public async Task Without_sampling_the_grains_report_status_changes_nobody_asked_for_into_the_listing()
    {
        await using var app = await WorkspaceTestApp.StartAsync(fixture, new Dictionary<string, string?> { ["Vibe:WorkspaceIndex:SamplePeriod"] = "00:00:00" });
        var user = await app.RegisterAsync();
        var created = await app.CallAsync(user, HttpMethod.Post, "/api/v1/workspaces", new { name = "background", template = "blank", start = true });
        var id = created.GetProperty("id").GetString()!;

        // Started in the background after the create answered.
        await app.ListedWhenAsync(user, id, w => w.GetProperty("status").GetString() == "running", "the listing to show it Running");

        // Killed behind Vibe's back: the grain sees the container die, fails, and reports it.
        var containerId = (await app.CallAsync(user, HttpMethod.Get, $"/api/v1/workspaces/{id}")).GetProperty("containerId").GetString()!;
        await fixture.Docker.Containers.KillContainerAsync(containerId, new ContainerKillParameters());
        await app.ListedWhenAsync(user, id, w => w.GetProperty("status").GetString() == "failed", "the listing to show it Failed");
        var failed = await app.CallAsync(user, HttpMethod.Get, $"/api/v1/workspaces/{id}");
        Assert.Contains("exited with code 137", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sampler_records_resource_use_of_running_workspaces_and_fails_creates_that_were_cut_short()
    {
        await using var app = await WorkspaceTestApp.StartAsync(fixture, new Dictionary<string, string?> { ["Vibe:WorkspaceIndex:CreationGracePeriod"] = "00:00:01" });
        var user = await app.RegisterAsync();
        var id = await app.CreateWorkspaceAsync(user);
        await app.CallAsync(user, HttpMethod.Post, $"/api/v1/workspaces/{id}/start");

        await app.ListedWhenAsync(user, id, w => w.GetProperty("memoryBytes").ValueKind == JsonValueKind.Number, "a memory sample in the listing");
        var sampled = await app.ListedAsync(user, id);
        Assert.True(sampled.GetProperty("memoryBytes").GetInt64() > 0);
        Assert.True(sampled.GetProperty("cpuPercent").GetDouble() >= 0);
        Assert.Equal(JsonValueKind.Number, (await app.CallAsync(user, HttpMethod.Get, $"/api/v1/workspaces/{id}")).GetProperty("memoryBytes").ValueKind);
        await app.CallAsync(user, HttpMethod.Post, $"/api/v1/workspaces/{id}/stop");
        Assert.Equal(JsonValueKind.Null, (await app.ListedWithStatusAsync(user, id, "stopped")).GetProperty("memoryBytes").ValueKind);

        // A row whose grain was never created, as a crash between the index insert and the grain call leaves it.
        var orphan = "orphan" + Guid.NewGuid().ToString("N")[..8];
        var index = app.Factory.Services.GetRequiredService<WorkspaceIndex>();
        await index.InsertAsync(orphan, new WorkspaceSpec(user.Id.ToString(), "cut short"), new WorkspaceLimits(1_000_000_000, 64L * 1024 * 1024, 64), user.Id, null, WorkspacePermission.Admin, CancellationToken.None);
        Assert.Equal("creating", (await app.ListedAsync(user, orphan)).GetProperty("status").GetString());

        await app.ListedWhenAsync(user, orphan, w => w.GetProperty("status").GetString() == "failed", "the cut-short create to be marked Failed");
        var details = await app.CallAsync(user, HttpMethod.Get, $"/api/v1/workspaces/{orphan}");
        Assert.Equal("failed", details.GetProperty("status").GetString());
        Assert.Contains("Creating the workspace was interrupted", details.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await app.SendAsync(user, HttpMethod.Delete, $"/api/v1/workspaces/{orphan}")).Status);
        Assert.Equal(JsonValueKind.Undefined, (await app.ListedAsync(user, orphan)).ValueKind);
    }
}
