using Microsoft.AspNetCore.Http.HttpResults;
using Vibe.Docker.Errors;
using Vibe.Grains.Interfaces.Documents;
using Vibe.Grains.Interfaces.Errors;
using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.WebFront.Web;

/// <summary>
/// What the typed exceptions of the grains (and of the web front's own services) mean for the caller: the one mapping
/// REST (<see cref="RequestRefusalHandler"/>, as ProblemDetails) and the workspace hub (its error filter, as a hub error)
/// share. The detail is the exception's message only for types whose messages are written for the caller; anything not
/// listed here is no refusal but a failure, answered without its message.
/// </summary>
internal sealed record RequestRefusal(int Status, string Title, string Detail)
{
    /// <summary>
    /// The refusal <paramref name="exception"/> stands for, or null when it is none (a bug or an outage);
    /// <paramref name="workspaceId"/> is the workspace the request named, if any.
    /// </summary>
    public static RequestRefusal? Of(Exception exception, string? workspaceId = null) => exception switch
    {
        WorkspaceNotFoundException => WorkspaceNotFound(workspaceId),
        WorkspaceFileNotFoundException => new(StatusCodes.Status404NotFound, "No such file", exception.Message),
        WorkspacePathException or InvalidRequestException => new(StatusCodes.Status400BadRequest, "The request is not valid", exception.Message),
        WorkspaceFileTooLargeException => new(StatusCodes.Status413PayloadTooLarge, "Too large", exception.Message),
        WorkspaceQuotaExceededException => new(StatusCodes.Status409Conflict, "Too many running workspaces", exception.Message),
        WorkspaceFileConflictException => new(StatusCodes.Status409Conflict, "The file operation failed", exception.Message),
        ConflictException => new(StatusCodes.Status409Conflict, "Not possible now", exception.Message),
        DocumentException => new(StatusCodes.Status409Conflict, "The document refused the request", exception.Message),
        ForbiddenException => new(StatusCodes.Status403Forbidden, "Permission denied", exception.Message),
        DockerUnavailableException => new(
            StatusCodes.Status503ServiceUnavailable,
            "The container engine is unavailable",
            "The container engine does not answer; try again in a moment. If it keeps failing, ask the operator to check the Docker engine."),
        DockerApiException => new(
            StatusCodes.Status502BadGateway,
            "The container engine failed",
            "The container engine refused the operation; try again. If it keeps failing, the operator finds the engine's answer in the server log."),
        _ => null,
    };

    /// <summary>404 for a workspace that does not exist or that the caller cannot see (the two are not told apart).</summary>
    public static RequestRefusal WorkspaceNotFound(string? workspaceId) => new(
        StatusCodes.Status404NotFound,
        "Workspace not found",
        workspaceId is null ? "The workspace was not found." : $"Workspace '{workspaceId}' was not found.");

    /// <summary>This refusal as an endpoint's result.</summary>
    public ProblemHttpResult ToProblem() => ApiProblems.Problem(Status, Title, Detail);
}
