using Vibe.FakeProviders;

namespace Vibe.E2E.Tests.Fixtures;

/// <summary>
/// A <see cref="VibeApp"/> whose installation's AI provider (<c>Vibe:Agent:Provider</c>) is the fake provider server this
/// test process runs on loopback, speaking the Anthropic Messages API: the tests script what the "model" answers.
/// </summary>
public sealed class AgentPanelApp : IAsyncLifetime
{
    private FakeProviderServer? _fake;

    public VibeApp App { get; } = new();

    public FakeProviderServer Fake => _fake ?? throw new InvalidOperationException("The app is not started.");

    public async Task InitializeAsync()
    {
        _fake = await FakeProviderServer.StartAsync();
        var provider = _fake.AnthropicSettings("claude-fake");
        App.ExtraSettings["Vibe:Agent:Provider:Kind"] = provider.Kind.ToString();
        App.ExtraSettings["Vibe:Agent:Provider:Endpoint"] = provider.Endpoint!.ToString();
        App.ExtraSettings["Vibe:Agent:Provider:ApiKey"] = provider.ApiKey;
        App.ExtraSettings["Vibe:Agent:Provider:Model"] = provider.Model;
        await App.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        if (_fake is not null)
        {
            await _fake.DisposeAsync();
        }
    }
}
