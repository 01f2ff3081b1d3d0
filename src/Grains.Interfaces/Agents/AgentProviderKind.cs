using System.Text.Json.Serialization;

namespace Vibe.Grains.Interfaces.Agents;

/// <summary>The wire protocol an AI provider speaks.</summary>
[GenerateSerializer, Alias("Vibe.AgentProviderKind")]
public enum AgentProviderKind
{
    /// <summary>The Anthropic Messages API.</summary>
    Anthropic,

    /// <summary>An OpenAI-compatible chat-completions endpoint (OpenAI, Ollama, vLLM, LM Studio, OpenRouter).</summary>
    [JsonStringEnumMemberName("openai")] // what the API always accepted, not the camelCase "openAI"
    OpenAI,
}
