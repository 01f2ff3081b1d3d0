using System.Net;

namespace Vibe.Docker.Errors;

/// <summary>The daemon answered 409: a name is taken, or the container is (not) running.</summary>
public sealed class DockerConflictException : DockerApiException
{
    public DockerConflictException(string message, Exception? innerException = null)
        : base(HttpStatusCode.Conflict, message, innerException)
    {
    }
}
