using Microsoft.AspNetCore.Http.HttpResults;
using Vibe.Docker.Errors;
using Vibe.Grains.Workspaces;
using Vibe.Hosting.Clustering;

namespace Vibe.WebFront.Workspaces;

/// <summary>The RFC 7807 answers of the workspace API, each with a detail a person can act on.</summary>
internal static class WorkspaceProblems
{
    public static ProblemHttpResult NotFound(string workspaceId) =>
        Problem(StatusCodes.Status404NotFound, "Workspace not found", $"Workspace '{workspaceId}' was not found.");

    public static ProblemHttpResult Forbidden(string workspaceId, WorkspacePermission needed, WorkspacePermission held) =>
        Problem(StatusCodes.Status403Forbidden, "Not allowed", $"This needs {Describe(needed)} access to workspace '{workspaceId}'; you have {Describe(held)} access.");

    public static ProblemHttpResult Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid",
            Detail = string.Join(" ", errors.Values.SelectMany(static messages => messages)),
        });

    public static ProblemHttpResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, "The request is not valid", detail);

    public static ProblemHttpResult TooLarge(string detail) => Problem(StatusCodes.Status413PayloadTooLarge, "Too large", detail);

    public static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    /// <summary>
    /// The answer for what a workspace grain (or its file API) threw; false for a transient cluster failure, which the
    /// host's exception handler answers with 503 and Retry-After, and for anything unexpected, which it turns into a 500
    /// without details.
    /// </summary>
    public static bool TryMap(Exception exception, string workspaceId, out ProblemHttpResult problem)
    {
        problem = exception switch
        {
            _ when TransientClusterFailures.IsTransient(exception) => null!,
            WorkspaceNotFoundException => NotFound(workspaceId),
            WorkspacePathException path => BadRequest(path.Message),
            WorkspaceFileTooLargeException tooLarge => TooLarge(tooLarge.Message),
            WorkspaceQuotaExceededException quota => Problem(StatusCodes.Status409Conflict, "Too many running workspaces", quota.Message),
            FileNotFoundException or DirectoryNotFoundException => Problem(StatusCodes.Status404NotFound, "No such file", exception.Message),
            UnauthorizedAccessException => Problem(StatusCodes.Status403Forbidden, "Permission denied", exception.Message),
            DockerUnavailableException => Problem(StatusCodes.Status503ServiceUnavailable, "The container engine is unavailable", exception.Message),
            DockerApiException => Problem(StatusCodes.Status502BadGateway, "The container engine failed", exception.Message),
            IOException => Problem(StatusCodes.Status409Conflict, "The file operation failed", exception.Message),
            ArgumentException argument => BadRequest(WithoutParameterName(argument)),
            InvalidOperationException => Problem(StatusCodes.Status409Conflict, "Not possible now", exception.Message),
            _ => null!,
        };
        return problem is not null;
    }

    /// <summary>An ArgumentException's message without the " (Parameter 'x')" suffix, which means nothing to an API client.</summary>
    private static string WithoutParameterName(ArgumentException exception)
    {
        var message = exception.Message;
        var suffix = $" (Parameter '{exception.ParamName}')";
        return exception.ParamName is not null && message.EndsWith(suffix, StringComparison.Ordinal) ? message[..^suffix.Length] : message;
    }

#pragma warning disable CA1308 // Permission names are shown to people, lower-cased for reading in a sentence.
    private static string Describe(WorkspacePermission permission) => permission.ToString().ToLowerInvariant();
#pragma warning restore CA1308
}
