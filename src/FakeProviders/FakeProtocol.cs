namespace Vibe.FakeProviders;

/// <summary>Which wire protocol a recorded request came in on.</summary>
public enum FakeProtocol
{
    /// <summary>Anthropic Messages API (POST /v1/messages).</summary>
    Anthropic,

    /// <summary>OpenAI chat completions (POST /v1/chat/completions).</summary>
    OpenAI,
}
