using Vibe.TestSupport;
using Vibe.WebFront.Hubs;

namespace Vibe.WebFront.Tests.Hubs;

/// <summary>A hub connection lives as long as its access token (short-lived here), then the client must come back with a fresh one.</summary>
[Collection(WebFrontCollection.Name)]
public sealed class WorkspaceHubTokenTests(WebFrontFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(15);

    private HubTestApp? _app;

    private HubTestApp App => _app!;

    public async Task InitializeAsync() =>
        _app = await HubTestApp.StartAsync(fixture, new Dictionary<string, string?> { ["Vibe:Auth:AccessTokenLifetime"] = TokenLifetime.ToString() });

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_connection_closes_when_its_access_token_expires_and_leaves_its_groups()
    {
        var user = await App.Factory.RegisterAsync();
        var workspaceId = await App.CreateWorkspaceAsync(user, start: false);
        var signedIn = await App.Factory.LoginAsync(user.Email);
        await App.Client.ConnectAsync("expiring", App.HubUrl, signedIn.AccessToken);
        await App.Client.InvokeAsync("expiring", "JoinWorkspace", workspaceId);
        Assert.Equal((1, 2), App.FanOut.Describe(HubGroups.Workspace(workspaceId)));

        await App.Client.WaitForAsync(e => e.Is("closed", "expiring"), "the connection to close when its token expires", TokenLifetime + TimeSpan.FromSeconds(60));
        await Eventually.Until(() => App.FanOut.Describe(HubGroups.Workspace(workspaceId)) == (0, 0), "the closed connection to leave its workspace group", TimeSpan.FromSeconds(30));

        var fresh = await App.Factory.LoginAsync(user.Email);
        await App.Client.ConnectAsync("renewed", App.HubUrl, fresh.AccessToken);
        var joined = await App.Client.InvokeAsync("renewed", "JoinWorkspace", workspaceId);
        Assert.Equal(workspaceId, joined.GetProperty("id").GetString());
    }
}
