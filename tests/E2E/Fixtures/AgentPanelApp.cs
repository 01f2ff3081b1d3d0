using Vibe.FakeProviders;

namespace Vibe.E2E.Tests.Fixtures;

/// <summary>
/// A <see cref="VibeApp"/> whose installation's AI provider (<c>Vibe:Agent:Provider</c>) is the fake provider server this
/// test process runs on loopback, speaking the Anthropic Messages API: the tests script what the "model" answers.
/// </summary>
/// <remarks>
/// Each user's daily token budget is <see cref="DailyTokenBudget"/>, more than a scripted run uses by default (120 tokens a
/// turn), so a test spends it only on purpose, with a turn reporting that much usage.
/// </remarks>
public sealed class AgentPanelApp : IAsyncLifetime
{
    public const long DailyTokenBudget = 1000;

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
        App.ExtraSettings["Vibe:Agent:DailyTokenBudgetPerUser"] = DailyTokenBudget.ToString(System.Globalization.CultureInfo.InvariantCulture);
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
