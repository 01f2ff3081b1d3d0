using Vibe.Grains.Interfaces.Agents;

namespace Vibe.WebFront.Agents;

/// <summary>The rules a provider configuration must meet, from the installation settings or a team's override.</summary>
internal static class AgentProviderValidation
{
    public const int DefaultMaxOutputTokens = 8192;
    public const int MaxOutputTokensLimit = 200_000;
    public const int MaxModelLength = 200;
    public const int MaxApiKeyLength = 1000;
    public const int MaxEndpointLength = 2000;

    /// <summary>The endpoint as an absolute http(s) URI, or a reason it is not one.</summary>
    public static string? DescribeInvalidEndpoint(string? endpoint, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return null;
        }

        if (endpoint.Length > MaxEndpointLength
            || !Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
        {
            return "The endpoint must be an absolute http:// or https:// URL, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1.";
        }

        if (!string.IsNullOrEmpty(parsed.UserInfo) || !string.IsNullOrEmpty(parsed.Query) || !string.IsNullOrEmpty(parsed.Fragment))
        {
            return "The endpoint must not contain credentials, a query or a fragment: put the key in apiKey.";
        }

        uri = parsed;
        return null;
    }

    /// <summary>Why <paramref name="model"/> is not a model name; null when it is one.</summary>
    public static string? DescribeInvalidModel(string? model)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            return "The model is required: the name the provider knows, e.g. claude-sonnet-4-5 or gpt-4.1.";
        }

        return model.Length > MaxModelLength || model.Any(char.IsControl)
            ? $"The model must be at most {MaxModelLength} characters without control characters."
            : null;
    }

    /// <summary>Why <paramref name="apiKey"/> cannot be sent in a header; null when it can.</summary>
    public static string? DescribeInvalidApiKey(string apiKey) =>
        apiKey.Length > MaxApiKeyLength || apiKey.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c > '\u007e')
            ? $"The API key must be at most {MaxApiKeyLength} printable ASCII characters without spaces."
            : null;

    /// <summary>Why <paramref name="maxOutputTokens"/> is out of range; null when it is fine.</summary>
    public static string? DescribeInvalidMaxOutputTokens(int maxOutputTokens) =>
        maxOutputTokens is < 1 or > MaxOutputTokensLimit ? $"maxOutputTokens must be between 1 and {MaxOutputTokensLimit}." : null;

    /// <summary>A key is required except by OpenAI-compatible servers on a custom endpoint (Ollama, LM Studio, vLLM need none).</summary>
    public static bool RequiresApiKey(AgentProviderKind kind, Uri? endpoint) => kind == AgentProviderKind.Anthropic || endpoint is null;
}
