using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Orleans.Storage;

namespace Vibe.Hosting.Clustering;

/// <summary>
/// Answers requests that failed because the cluster is changing with 503 and Retry-After instead of 500: a silo that failed,
/// froze or is leaving and is not declared dead yet (the call was rejected or timed out), or a grain briefly activated twice
/// whose stale copy had its write refused. These pass within seconds, and the same request then succeeds. GET and HEAD
/// requests were already retried (<see cref="TransientClusterRetry"/>) before they get here.
/// </summary>
internal sealed partial class TransientClusterFailureHandler(IProblemDetailsService problems, ILogger<TransientClusterFailureHandler> logger) : IExceptionHandler
{
    private const string RetryAfterSeconds = "1";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!TransientClusterFailures.IsTransient(exception))
        {
            return false;
        }

        var (title, detail) = exception switch
        {
            OrleansMessageRejectionException => (
                "A silo is unavailable",
                "No silo that can host this request's grain answers right now. Most likely one has just stopped or failed, "
                + "and the cluster moves its grains to the remaining silos within seconds: retry the request."),
            TimeoutException => (
                "A silo did not answer in time",
                "The silo hosting this request's grain did not answer in time; it may have frozen or failed, and the cluster "
                + "declares it dead and moves its grains within seconds: retry the request."),
            InconsistentStateException => (
                "The grain moved while the request ran",
                "The grain was briefly active on two silos while the cluster changed, and this request's copy had its write refused, "
                + "so nothing it did was saved. The stale copy is being removed; retry the request."),
            _ => (
                "A silo is unavailable",
                "No silo that can host this request's grain answers right now. Most likely one has just stopped or failed, "
                + "and the cluster moves its grains to the remaining silos within seconds: retry the request. If it keeps "
                + "failing, no running silo may host this kind of grain (see Vibe:Cluster:Role in docs/cluster.md)."),
        };

        LogTransientFailure(logger, httpContext.Request.Method, httpContext.Request.Path, exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = title, Detail = detail },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: {Reason}")]
    private static partial void LogTransientFailure(ILogger logger, string method, string path, string reason);
}
