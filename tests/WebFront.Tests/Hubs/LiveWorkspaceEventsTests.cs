using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vibe.Grains.Workspaces;

namespace Vibe.WebFront.Tests.Hubs;

/// <summary>What reaches open workspace pages without their asking: files made on disk (filesChanged) and AI provider changes (agentProviderChanged).</summary>
[Collection(WebFrontCollection.Name)]
public sealed class LiveWorkspaceEventsTests(WebFrontFixture fixture) : IAsyncLifetime
{
    private HubTestApp? _app;

    private HubTestApp App => _app!;

    public async Task InitializeAsync() => _app = await HubTestApp.StartAsync(fixture);

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Files_made_on_disk_reach_every_client_watching_the_workspaces_files_naming_their_directory()
    {
        var owner = await App.Factory.RegisterAsync();
        var member = await App.Factory.RegisterAsync();
        var stranger = await App.Factory.RegisterAsync();
        var teamId = await App.Rest.CreateTeamAsync(owner, (member, "member"));
        var workspaceId = await App.CreateWorkspaceAsync(owner, start: false, teamId);
        await App.ConnectAsync("files-owner", owner);
        await App.ConnectAsync("files-member", member);
        await App.ConnectAsync("files-stranger", stranger);
        await App.Client.InvokeAsync("files-owner", "WatchFiles", workspaceId);
        await App.Client.InvokeAsync("files-member", "WatchFiles", workspaceId);
        var refused = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("files-stranger", "WatchFiles", workspaceId));
        Assert.EndsWith("workspace not found", refused.Message, StringComparison.Ordinal);

        // As a shell in the container would: straight onto the workspace's directory, past the file API.
        var directory = WorkspaceDirectory(workspaceId);
        Directory.CreateDirectory(Path.Combine(directory, "src"));
        await File.WriteAllTextAsync(Path.Combine(directory, "made-in-a-terminal.txt"), "hi");
        foreach (var client in new[] { "files-owner", "files-member" })
        {
            await App.Client.WaitForAsync(e => IsFilesChanged(e, client, workspaceId, ""), $"{client} to hear that the root changed");
        }

        await File.WriteAllTextAsync(Path.Combine(directory, "src", "app.js"), "console.log(1)");
        await App.Client.WaitForAsync(e => IsFilesChanged(e, "files-member", workspaceId, "src"), "the member to hear that src changed");

        await App.Client.InvokeAsync("files-member", "UnwatchFiles", workspaceId);
        Assert.Equal((1, 1), App.FanOut.Describe($"files:{workspaceId}"));
        Assert.DoesNotContain(App.Client.Events, e => e.Kind == "filesChanged" && e.Client == "files-stranger");
    }

    [Fact]
    public async Task A_teams_provider_change_and_a_move_into_the_team_reach_the_open_agent_panels_of_the_workspaces_concerned()
    {
        var owner = await App.Factory.RegisterAsync();
        var teamId = await App.Rest.CreateTeamAsync(owner);
        var teamWorkspace = await App.CreateWorkspaceAsync(owner, start: false, teamId);
        var personal = await App.CreateWorkspaceAsync(owner, start: false);
        await App.ConnectAsync("panel", owner);
        await App.Client.InvokeAsync("panel", "WatchAgent", teamWorkspace);
        await App.Client.InvokeAsync("panel", "WatchAgent", personal);
        Assert.False((await App.Rest.CallAsync(owner, HttpMethod.Get, $"/api/v1/workspaces/{teamWorkspace}/agent")).GetProperty("configured").GetBoolean());

        await App.Rest.CallAsync(owner, HttpMethod.Put, $"/api/v1/teams/{teamId}/agent-provider", new { kind = "openai", endpoint = "https://llm.example.com/v1", apiKey = "team-key", model = "coder" });

        await App.Client.WaitForAsync(e => IsProviderChanged(e, "panel", teamWorkspace), "the team workspace's panel to hear of the new provider");
        Assert.True((await App.Rest.CallAsync(owner, HttpMethod.Get, $"/api/v1/workspaces/{teamWorkspace}/agent")).GetProperty("configured").GetBoolean());
        Assert.DoesNotContain(App.Client.Events, e => IsProviderChanged(e, "panel", personal));

        // The personal workspace joins the team, and with it the team's provider.
        await App.Rest.CallAsync(owner, HttpMethod.Put, $"/api/v1/workspaces/{personal}/team", new { teamId });
        await App.Client.WaitForAsync(e => IsProviderChanged(e, "panel", personal), "the moved workspace's panel to hear of its new provider");
        Assert.True((await App.Rest.CallAsync(owner, HttpMethod.Get, $"/api/v1/workspaces/{personal}/agent")).GetProperty("configured").GetBoolean());

        var before = App.Client.Events.Count(e => IsProviderChanged(e, "panel", personal));
        await App.Rest.SendAsync(owner, HttpMethod.Delete, $"/api/v1/teams/{teamId}/agent-provider");
        var matched = 0;
        await App.Client.WaitForAsync(e => IsProviderChanged(e, "panel", personal) && ++matched > before, "the panel to hear that the provider was removed");
    }

    private string WorkspaceDirectory(string workspaceId) =>
        Path.Combine(Path.GetFullPath(App.Factory.Services.GetRequiredService<IOptions<WorkspaceOptions>>().Value.Root), workspaceId);

    private static bool IsFilesChanged(HubClientEvent e, string client, string workspaceId, string directory) =>
        e.Is("filesChanged", client) && e.Arg.GetProperty("workspaceId").GetString() == workspaceId &&
        e.Arg.GetProperty("directories").EnumerateArray().Any(d => d.GetString() == directory);

    private static bool IsProviderChanged(HubClientEvent e, string client, string workspaceId) =>
        e.Is("agentProviderChanged", client) && e.Arg.GetProperty("workspaceId").ValueKind == JsonValueKind.String && e.Arg.GetProperty("workspaceId").GetString() == workspaceId;
}
