using Vibe.Grains.Interfaces.Agents;

namespace Vibe.WebFront.Agents;

/// <summary>
/// The installation's AI provider (<c>Vibe:Agent:Provider</c>), used by every workspace whose team has no override.
/// Unset Kind means no provider: the agent panel then explains how to configure one.
/// </summary>
public sealed class AgentProviderOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Vibe:Agent:Provider";

    /// <summary>The wire protocol: Anthropic or OpenAI (any OpenAI-compatible endpoint); null when none is configured (default).</summary>
    public AgentProviderKind? Kind { get; set; }

    /// <summary>The API base address (e.g. http://127.0.0.1:11434/v1 for Ollama); null for the provider's default.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The API key; optional only for OpenAI-compatible servers on a custom endpoint (local models need none).</summary>
    public string? ApiKey { get; set; }

    /// <summary>The model name the provider knows (e.g. claude-sonnet-4-5, gpt-4.1, qwen2.5-coder:14b).</summary>
    public string? Model { get; set; }

    /// <summary>The most tokens one model answer may have (default 8192).</summary>
    public int MaxOutputTokens { get; set; } = AgentProviderValidation.DefaultMaxOutputTokens;
}
