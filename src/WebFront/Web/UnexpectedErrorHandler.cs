using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Vibe.WebFront.Web;

/// <summary>
/// The last exception handler: a request the framework refused (malformed JSON, a body too large, a wrong content type)
/// gets its status code and a detail saying what was wrong; anything else gets 500 with a trace id and nothing of the
/// exception (logged here, with its stack trace, for the operator).
/// </summary>
internal sealed partial class UnexpectedErrorHandler(IProblemDetailsService problems, ILogger<UnexpectedErrorHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        if (exception is BadHttpRequestException badRequest)
        {
            problem = new ProblemDetails
            {
                Status = badRequest.StatusCode,
                Title = badRequest.StatusCode switch
                {
                    StatusCodes.Status413PayloadTooLarge => "The request body is too large",
                    StatusCodes.Status415UnsupportedMediaType => "Unsupported content type",
                    _ => "The request is malformed",
                },
                Detail = Describe(badRequest),
            };
            LogRefused(logger, httpContext.Request.Method, httpContext.Request.Path, problem.Detail);
        }
        else
        {
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Something went wrong",
                Detail = "The server failed to handle this request. It has been logged with the trace id below; if it keeps happening, report that id to the operator.",
            };
            LogFailed(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = problem.Status.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }

    private static string Describe(BadHttpRequestException exception) => exception.InnerException switch
    {
        JsonException json => JsonBodyError.Describe(json),
        BadHttpRequestException inner => inner.Message,
        _ => exception.Message,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, string path, string? reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, string path);
}
