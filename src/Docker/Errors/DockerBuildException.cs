using System.Net;

namespace Vibe.Docker.Errors;

/// <summary>An image build failed: the daemon reported an <c>error</c> line inside its (200 OK) progress stream.</summary>
public sealed class DockerBuildException : DockerApiException
{
    public DockerBuildException(string message)
        : base(HttpStatusCode.OK, message)
    {
    }
}
