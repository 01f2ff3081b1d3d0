using System.Net;

namespace Vibe.Docker.Errors;

/// <summary>
/// No engine Vibe can use answered at the endpoint: the socket is missing, refuses connections or is not ours to open, or the
/// engine is older than <see cref="DockerEngine.MinimumApiVersion"/>. The message says how to fix it.
/// </summary>
public sealed class DockerUnavailableException : DockerApiException
{
    public DockerUnavailableException(string endpoint, string message, Exception? innerException = null)
        : base(HttpStatusCode.ServiceUnavailable, message, innerException)
    {
        Endpoint = endpoint;
    }

    /// <summary>The endpoint that was tried, as a DOCKER_HOST value (<c>unix:///var/run/docker.sock</c>).</summary>
    public string Endpoint { get; }
}
