using System.Diagnostics;

namespace Vibe.Hosting.Clustering;

/// <summary>
/// Runs a GET or HEAD request again, up to twice, when a grain call in it failed because the cluster is changing (a silo
/// rejected the call or did not answer: see <see cref="TransientClusterFailureHandler"/>). Only those requests: reading
/// changes nothing, so running one twice is safe. Bounded: no retry once the response has started or
/// <see cref="RetryBudget"/> has passed since the request came in (a call that timed out took the whole call timeout).
/// </summary>
internal sealed partial class TransientClusterRetry(RequestDelegate next, ILogger<TransientClusterRetry> logger)
{
    private const int MaxAttempts = 3;

    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan RetryBudget = TimeSpan.FromSeconds(10);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await next(context);
                return;
            }
            catch (Exception ex) when (TransientClusterFailures.IsTransient(ex)
                && attempt < MaxAttempts
                && !context.Response.HasStarted
                && Stopwatch.GetElapsedTime(started) < RetryBudget)
            {
                var delay = FirstDelay * (1 << (attempt - 1));
                LogRetrying(logger, context.Request.Method, context.Request.Path, attempt, delay, ex.GetType().Name);
                await Task.Delay(delay, context.RequestAborted);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path}: attempt {Attempt} failed with {Exception} while the cluster changes; retrying in {Delay}")]
    private static partial void LogRetrying(ILogger logger, string method, string path, int attempt, TimeSpan delay, string exception);
}
