using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Vibe.WebFront.Web;

/// <summary>
/// Answers a request whose handler (or a grain it called) refused it with a typed exception (<see cref="RequestRefusal"/>)
/// with the matching ProblemDetails, so handlers carry no try/catch of their own. Runs after the transient cluster failure
/// handler (503 with Retry-After) and before <see cref="UnexpectedErrorHandler"/> (500 for everything else).
/// </summary>
internal sealed partial class RequestRefusalHandler(IProblemDetailsService problems, ILogger<RequestRefusalHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The workspace routes name their workspace "id" (/api/v1/workspaces/{id}/...).
        var workspaceId = httpContext.Features.Get<IExceptionHandlerFeature>()?.RouteValues?["id"] as string;
        if (RequestRefusal.Of(exception, workspaceId) is not { } refusal)
        {
            return false;
        }

        LogRefused(logger, httpContext.Request.Method, httpContext.Request.Path, refusal.Status, exception.GetType().Name, exception.Message);
        httpContext.Response.StatusCode = refusal.Status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails { Status = refusal.Status, Title = refusal.Title, Detail = refusal.Detail },
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} answered {Status}: {ExceptionType}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, string path, int status, string exceptionType, string reason);
}
