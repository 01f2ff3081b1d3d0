using System.Net;

namespace Vibe.Docker.Errors;

/// <summary>The daemon answered 404: no such container, image, exec instance or network.</summary>
public sealed class DockerNotFoundException : DockerApiException
{
    public DockerNotFoundException(string message, Exception? innerException = null)
        : base(HttpStatusCode.NotFound, message, innerException)
    {
    }
}
