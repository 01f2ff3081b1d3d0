using System.Net;

namespace Vibe.Grains.Agents.Models;

/// <summary>
/// The provider refused or failed a request (HTTP status and the provider's error type), or its answer could not be read.
/// The message never contains the API key or text from the provider's response body.
/// </summary>
public sealed class AgentModelException : Exception
{
    /// <summary>An error without an HTTP status (connection failure, malformed stream).</summary>
    public AgentModelException(string message)
        : base(message)
    {
    }

    /// <summary>An error without an HTTP status, with its cause.</summary>
    public AgentModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>An HTTP error answered by the provider.</summary>
    public AgentModelException(string message, HttpStatusCode? statusCode, string? providerErrorType, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ProviderErrorType = providerErrorType;
    }

    /// <summary>Needed by the exception pattern; prefer the constructors with a message.</summary>
    public AgentModelException()
    {
    }

    /// <summary>The provider's HTTP status, when it answered with one.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The provider's error type or code (e.g. "authentication_error"), when it sent one.</summary>
    public string? ProviderErrorType { get; }
}
