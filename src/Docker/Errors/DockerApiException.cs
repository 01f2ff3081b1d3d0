using System.Net;

namespace Vibe.Docker.Errors;

/// <summary>The Docker daemon refused a request. <see cref="Exception.Message"/> is the daemon's own message.</summary>
public class DockerApiException : Exception
{
    public DockerApiException(HttpStatusCode statusCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>The HTTP status of the daemon's answer (503 by convention when no answer came at all).</summary>
    public HttpStatusCode StatusCode { get; }
}
