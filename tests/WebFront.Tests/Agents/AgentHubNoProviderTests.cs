using System.Text.RegularExpressions;
using Vibe.WebFront.Tests.Hubs;

namespace Vibe.WebFront.Tests.Agents;

/// <summary>An installation without an AI provider: starting a run says so and how to configure one.</summary>
[Collection(WebFrontCollection.Name)]
public sealed class AgentHubNoProviderTests(WebFrontFixture fixture) : IAsyncLifetime
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
    public async Task Starting_a_run_with_no_provider_configured_says_how_to_configure_one()
    {
        var owner = await App.Factory.RegisterAsync();
        var workspaceId = await App.CreateWorkspaceAsync(owner, start: false);
        await App.ConnectAsync("agent-unconfigured", owner);
        var thread = await App.Client.InvokeAsync("agent-unconfigured", "CreateAgentThread", workspaceId, "no provider");
        var threadId = thread.GetProperty("threadId").GetString()!;

        var refused = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("agent-unconfigured", "StartAgentRun", workspaceId, threadId, "hello"));

        Assert.Contains("HubException: No AI provider is configured. ", refused.Message, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(refused.Message, "no AI provider is configured", RegexOptions.IgnoreCase));
        Assert.Contains("Vibe:Agent:Provider", refused.Message, StringComparison.Ordinal);
        var runs = await App.Client.InvokeAsync("agent-unconfigured", "GetAgentThreadRuns", workspaceId, threadId);
        Assert.Equal(0, runs.GetArrayLength());
    }
}
