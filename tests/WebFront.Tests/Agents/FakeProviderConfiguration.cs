using Vibe.FakeProviders;

namespace Vibe.WebFront.Tests.Agents;

/// <summary>The app configuration that points the agent at a fake provider server, as an installation configures its provider.</summary>
internal static class FakeProviderConfiguration
{
    /// <summary>Settings naming <paramref name="fake"/> as the Anthropic provider with model "claude-fake", then <paramref name="more"/>.</summary>
    public static Dictionary<string, string?> For(FakeProviderServer fake, IReadOnlyDictionary<string, string?>? more = null)
    {
        var provider = fake.AnthropicSettings("claude-fake");
        var settings = new Dictionary<string, string?>
        {
            ["Vibe:Agent:Provider:Kind"] = provider.Kind.ToString(),
            ["Vibe:Agent:Provider:Endpoint"] = provider.Endpoint!.ToString(),
            ["Vibe:Agent:Provider:ApiKey"] = provider.ApiKey,
            ["Vibe:Agent:Provider:Model"] = provider.Model,
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }
}
