using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Vibe.WebFront.Web;

/// <summary>
/// Logs the expected refusals of an API group (a wrong password, an invalid field, something not found or not allowed) at
/// Information, one line with the status and the detail the caller got, never a stack trace: they are the callers'
/// mistakes, not the server's. Unexpected failures are <see cref="UnexpectedErrorHandler"/>'s.
/// </summary>
internal sealed partial class ClientErrorLogging(ILogger<ClientErrorLogging> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var problem = result switch
        {
            ProblemHttpResult refused => refused.ProblemDetails,
            ValidationProblem invalid => invalid.ProblemDetails,
            INestedHttpResult { Result: ProblemHttpResult refused } => refused.ProblemDetails,
            INestedHttpResult { Result: ValidationProblem invalid } => invalid.ProblemDetails,
            _ => null,
        };
        if (problem is { Status: >= 400 and < 500 })
        {
            var request = context.HttpContext.Request;
            LogRefused(logger, request.Method, request.Path, context.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", problem.Status.Value, problem.Detail);
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} from {Address} refused with {Status}: {Detail}")]
    private static partial void LogRefused(ILogger logger, string method, string path, string address, int status, string? detail);
}
