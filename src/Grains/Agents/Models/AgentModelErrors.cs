using System.Net;
using System.Text.Json;
using Vibe.Grains.Agents;

namespace Vibe.Grains.Agents.Models;

/// <summary>Turns provider failures into <see cref="AgentModelException"/> with the provider's message and without the key.</summary>
internal static class AgentModelErrors
{
    private const int MaxProviderMessageChars = 500;

    /// <summary>The provider answered with an HTTP error status; <paramref name="body"/> is its response body, if read.</summary>
    public static AgentModelException FromStatus(AgentProviderSettings settings, HttpStatusCode status, string? body)
    {
        var providerMessage = Redact(settings, ExtractMessage(body));
        var hint = status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => " Check the provider's API key.",
            HttpStatusCode.NotFound => " Check the provider's endpoint and model name.",
            HttpStatusCode.TooManyRequests => " The provider is rate limiting: try again later.",
            _ => "",
        };
        var detail = string.IsNullOrWhiteSpace(providerMessage) ? "" : $": {providerMessage}";
        return new AgentModelException(
            $"The AI provider ({Describe(settings)}) answered HTTP {(int)status} {status}{detail}.{hint}",
            status,
            providerMessage);
    }

    /// <summary>The request failed without an HTTP answer (connection refused, timeout, malformed stream).</summary>
    public static AgentModelException FromFailure(AgentProviderSettings settings, string what, Exception cause) =>
        new($"The AI provider ({Describe(settings)}) {what}: {Redact(settings, cause.Message)}", cause);

    /// <summary>Removes every occurrence of the key from <paramref name="text"/>.</summary>
    public static string? Redact(AgentProviderSettings settings, string? text) =>
        text is null || settings.ApiKey.Length == 0 ? text : text.Replace(settings.ApiKey, "[key]", StringComparison.Ordinal);

    private static string Describe(AgentProviderSettings settings) => settings.ToString();

    // Anthropic and OpenAI both send {"error": {"message": ...}}; Ollama and some proxies send {"error": "..."}.
    private static string? ExtractMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String)
                {
                    return Truncate(error.GetString());
                }

                if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    return Truncate(message.GetString());
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (an HTML error page from a proxy): fall through to the raw text.
        }

        return Truncate(body.Trim());
    }

    private static string? Truncate(string? text) =>
        text is null || text.Length <= MaxProviderMessageChars ? text : text[..MaxProviderMessageChars] + "…";
}
