using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using EngineApiException = Docker.DotNet.DockerApiException;

namespace Vibe.Docker.Errors;

/// <summary>
/// Turns what Docker.DotNet throws into Vibe's exceptions, whose messages people read: the daemon's own message for a refusal
/// (not the library's "Docker API responded with status code=..." wrapping), and how to fix it when no daemon answers.
/// </summary>
internal static class DockerErrors
{
    /// <summary>The exception to throw instead of <paramref name="exception"/>, or null to let it through as it is.</summary>
    public static DockerApiException? Translate(Exception exception, Uri endpoint) => exception switch
    {
        DockerApiException => null,
        EngineApiException refused => FromResponse(refused.StatusCode, refused.ResponseBody, refused),
        HttpRequestException { InnerException: SocketException socketException } => Unavailable(endpoint, socketException),
        SocketException socketException => Unavailable(endpoint, socketException),

        // The unix transport's connect timeout: a socket whose listener never accepts.
        TimeoutException timedOut when timedOut.Message.StartsWith("Connection to Unix socket", StringComparison.Ordinal) => Unavailable(endpoint, timedOut),
        _ => null,
    };

    /// <summary>No daemon answered at <paramref name="endpoint"/>: the message says why and how to fix it.</summary>
    public static DockerUnavailableException Unavailable(Uri endpoint, Exception cause)
    {
        var socketPath = IsUnixSocket(endpoint) ? endpoint.LocalPath : null;
        var reason = cause is SocketException socketException
            ? socketException.SocketErrorCode switch
            {
                SocketError.AccessDenied => "permission denied: run as root or as a member of the 'docker' group, or set DOCKER_HOST",
                _ when socketPath is not null && !File.Exists(socketPath) => "the socket does not exist",
                SocketError.ConnectionRefused when socketPath is not null => "the socket exists but nothing listens on it",
                _ => socketException.Message,
            }
            : cause.Message;
        var message = $"Docker daemon not reachable at {endpoint} ({reason}): start it with `dockerd` (or `sudo systemctl start docker`) or set DOCKER_HOST.";
        return new DockerUnavailableException(endpoint.ToString(), message, cause);
    }

    private static DockerApiException FromResponse(HttpStatusCode status, string? body, Exception cause)
    {
        var message = ReadMessage(body);
        if (string.IsNullOrWhiteSpace(message))
        {
            message = $"The Docker daemon answered {(int)status} {status}.";
        }

        return status switch
        {
            HttpStatusCode.NotFound => new DockerNotFoundException(message, cause),
            HttpStatusCode.Conflict => new DockerConflictException(message, cause),
            _ => new DockerApiException(status, message, cause),
        };
    }

    private static string ReadMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "";
        }

        try
        {
            using var error = JsonDocument.Parse(body);
            if (error.RootElement.ValueKind == JsonValueKind.Object
                && error.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String)
            {
                return message.GetString()!.Trim();
            }
        }
        catch (JsonException)
        {
            // Not every error is JSON ("404 page not found" for unknown paths).
        }

        return body.Trim();
    }

    private static bool IsUnixSocket(Uri endpoint) => string.Equals(endpoint.Scheme, "unix", StringComparison.OrdinalIgnoreCase);
}
