using System.Net;
using System.Text.Json;
using Vibe.Grains.Interfaces.Agents;

namespace Vibe.Grains.Agents.Models;

/// <summary>
/// Turns provider failures into <see cref="AgentModelException"/>s whose message people may see: the HTTP status and the
/// provider's error type (a short token such as "authentication_error"), never text from the response body, which an
/// arbitrary host could fill with anything it can reach; and never the key.
/// </summary>
internal static class AgentModelErrors
{
    private const int MaxErrorTypeChars = 64;

    /// <summary>The provider answered with an HTTP error status; <paramref name="body"/> is its response body, if read.</summary>
    public static AgentModelException FromStatus(AgentProviderSettings settings, HttpStatusCode status, string? body)
    {
        var errorType = Redact(settings, ErrorType(body));
        var hint = status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => " Check the provider's API key.",
            HttpStatusCode.NotFound => " Check the provider's endpoint and model name.",
            HttpStatusCode.TooManyRequests => " The provider is rate limiting: try again later.",
            >= HttpStatusCode.InternalServerError => " The provider failed: try again later.",
            _ => "",
        };
        return new AgentModelException(
            $"The AI provider ({settings}) answered HTTP {(int)status} {status}{Typed(errorType)}.{hint}",
            status,
            errorType);
    }

    /// <summary>The provider reported an error after its answer had started streaming; <paramref name="errorJson"/> holds the error event or text around it.</summary>
    public static AgentModelException FromStreamedError(AgentProviderSettings settings, string? errorJson)
    {
        var errorType = Redact(settings, ErrorType(errorJson));
        return new AgentModelException($"The AI provider ({settings}) failed mid-answer{Typed(errorType)}: try again.", null, errorType);
    }

    /// <summary>The request failed without an HTTP answer (connection refused, timeout, malformed stream).</summary>
    public static AgentModelException FromFailure(AgentProviderSettings settings, string what, Exception cause)
    {
        if (Find<ProviderAddressRefusedException>(cause) is { } refused)
        {
            return new AgentModelException(
                $"The AI provider ({settings}) was not contacted: {refused.Host} is not a public address (it is loopback, private, " +
                "link-local or this server's own), and a team's provider may only use public addresses. The installation admin can " +
                "allow the endpoint (Admin › Settings, or Vibe:Agent:AllowedEndpoints).",
                cause);
        }

        var reason = Find<HttpRequestException>(cause)?.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => ": its host name does not resolve",
            HttpRequestError.ConnectionError => ": the connection was refused or timed out",
            HttpRequestError.SecureConnectionError => ": the TLS handshake failed",
            HttpRequestError.ResponseEnded => ": the connection closed early",
            HttpRequestError.InvalidResponse => ": its answer was not valid HTTP",
            _ => "",
        };
        return new AgentModelException($"The AI provider ({settings}) {what}{reason}.", cause);
    }

    /// <summary>Removes every occurrence of the key from <paramref name="text"/>.</summary>
    public static string? Redact(AgentProviderSettings settings, string? text) =>
        text is null || settings.ApiKey.Length == 0 ? text : text.Replace(settings.ApiKey, "[key]", StringComparison.Ordinal);

    private static string Typed(string? errorType) => errorType is null ? "" : $" ({errorType})";

    // Anthropic sends {"type":"error","error":{"type":...}}, OpenAI {"error":{"type":...,"code":...}}; the Anthropic SDK wraps
    // a streamed error event's JSON in a sentence of its own, hence the search for the outermost braces.
    private static string? ErrorType(string? text)
    {
        var start = text?.IndexOf('{', StringComparison.Ordinal) ?? -1;
        var end = text?.LastIndexOf('}') ?? -1;
        if (start < 0 || end <= start)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text![start..(end + 1)]);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                return Token(error, "type") ?? Token(error, "code");
            }
        }
        catch (JsonException)
        {
            // Not JSON (an HTML error page from a proxy): no type.
        }

        return null;
    }

    // Only a short identifier is shown: letters, digits, '_', '-' and '.'.
    private static string? Token(JsonElement error, string property) =>
        error.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= MaxErrorTypeChars } token
        && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')
            ? token
            : null;

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is T found)
            {
                return found;
            }
        }

        return null;
    }
}
