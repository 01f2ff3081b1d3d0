using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Vibe.WebFront.Web;

namespace Vibe.WebFront.Workspaces;

/// <summary>
/// <c>POST /api/v1/workspaces/{id}/exec</c>: runs one command in a running workspace as the workspace user, without a TTY,
/// and answers with its exit code and output once it ends (Write). For scripts and the <c>vibe exec</c> command;
/// interactive and long-running work belongs in a terminal session on the hub.
/// </summary>
internal static class WorkspaceExecApi
{
    /// <summary>The most arguments one command may have, and the most characters all of them together.</summary>
    public const int MaxArguments = 4096;

    public const int MaxCommandChars = 128 * 1024;

    public static IEndpointRouteBuilder MapWorkspaceExecApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapWorkspaceGroup().WithTags("Workspaces")
            .MapPost("/exec", Exec)
            .WithName("ExecInWorkspace")
            .WithSummary("Runs a command in a running workspace without a TTY and returns its exit code, stdout and stderr (Write)")
            .RequiresWorkspace(WorkspacePermission.Write)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Results<Ok<ExecResponse>, ValidationProblem, ProblemHttpResult>> Exec(
        string id,
        ExecRequest request,
        [AsParameters] WorkspaceServices services)
    {
        var maxTimeout = services.WorkspaceOptions.Value.MaxExecTimeout;
        var errors = Validate(request, maxTimeout);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var timeout = request.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : maxTimeout;
        return TypedResults.Ok(ExecResponse.From(await services.Grain(id).Exec(request.Command!, timeout)));
    }

    private static Dictionary<string, string[]> Validate(ExecRequest request, TimeSpan maxTimeout)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Command is not { Count: > 0 } command || string.IsNullOrEmpty(command[0]))
        {
            errors["command"] = ["Give the command to run as a list: the program, then its arguments (for example [\"ls\", \"-la\"])."];
        }
        else if (command.Count > MaxArguments || command.Sum(static argument => argument?.Length ?? 0) > MaxCommandChars)
        {
            errors["command"] = [string.Create(CultureInfo.InvariantCulture, $"The command is too long: at most {MaxArguments} arguments and {MaxCommandChars} characters.")];
        }
        else if (command.Any(static argument => argument is null || argument.Contains('\0', StringComparison.Ordinal)))
        {
            errors["command"] = ["An argument is null or contains a NUL character."];
        }

        if (request.TimeoutSeconds is { } seconds && (!double.IsFinite(seconds) || seconds <= 0 || seconds > maxTimeout.TotalSeconds))
        {
            errors["timeoutSeconds"] = [string.Create(CultureInfo.InvariantCulture, $"The timeout must be more than 0 and at most {maxTimeout.TotalSeconds:0.#} seconds.")];
        }

        return errors;
    }
}
