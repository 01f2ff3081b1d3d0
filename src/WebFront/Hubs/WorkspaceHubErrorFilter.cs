using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.SignalR;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.Hosting.Clustering;
using Vibe.WebFront.Web;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// The workspace hub's one error path. Errors about the caller's request (a workspace they cannot see, a bad path or
/// ChangeSet, a state that does not allow the call: the typed refusals of <see cref="RequestRefusal"/>) reach the client as a <see cref="HubException"/> with their message
/// and are logged at Information. A transient cluster failure (<see cref="TransientClusterFailures"/>) is retried here
/// first when the method is <see cref="IdempotentHubMethodAttribute">idempotent</see>, then reaches the client as the
/// retryable error (<see cref="RetryableMessage"/>), logged once at Warning without a stack trace. Anything else is a
/// bug: logged at Error with its stack trace, and the client gets SignalR's generic message.
/// </summary>
internal sealed partial class WorkspaceHubErrorFilter(ILogger<WorkspaceHubErrorFilter> logger) : IHubFilter
{
    /// <summary>Starts the message of a retryable hub error; the browser's network layer (net/hubError.ts) looks for it.</summary>
    public const string RetryableMarker = "[retryable] ";

    /// <summary>What the client gets for a transient cluster failure.</summary>
    public const string RetryableMessage = RetryableMarker + "The server is briefly unavailable while the cluster recovers; try again in a moment.";

    /// <summary>SignalR's own log of every exception a hub method throws, at Error with the stack trace; this filter logs them instead.</summary>
    public const string DispatcherLogCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    /// <summary>The waits before each server-side retry of an idempotent method: short, as the client waits meanwhile and retries itself later.</summary>
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1)];

    private static readonly ConcurrentDictionary<MethodInfo, bool> IdempotentMethods = new();

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        var method = invocationContext.HubMethodName;
        var aborted = invocationContext.Context.ConnectionAborted;
        var retries = IsIdempotent(invocationContext.HubMethod) ? RetryDelays.Length : 0;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return attempt == 0 ? await next(invocationContext) : await HubCallRetry.RetryAsync(invocationContext, next);
            }
            catch (Exception transient) when (TransientClusterFailures.IsTransient(transient))
            {
                if (attempt < retries && !aborted.IsCancellationRequested)
                {
                    LogRetrying(logger, method, attempt + 1, transient.Message);
                    await Task.Delay(RetryDelays[attempt], aborted);
                    continue;
                }

                LogTransientFailure(logger, method, attempt + 1, transient.GetType().Name, transient.Message);
                throw new HubException(RetryableMessage);
            }
            catch (HubException refused)
            {
                LogRefused(logger, method, refused.Message);
                throw;
            }
            catch (Exception refused) when (RefusalMessage(refused) is { } message)
            {
                LogRefused(logger, method, message);
                throw new HubException(message);
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                throw; // the connection is gone: nobody waits for the answer
            }
            catch (Exception unexpected)
            {
                LogUnexpected(logger, method, unexpected);
                throw;
            }
        }
    }

    /// <summary>The message to show for an exception that refuses the caller's request (<see cref="RequestRefusal"/>), or null when it is no refusal.</summary>
    private static string? RefusalMessage(Exception exception) => exception is WorkspaceNotFoundException
        ? "workspace not found"
        : RequestRefusal.Of(exception)?.Detail;

    private static bool IsIdempotent(MethodInfo method) =>
        IdempotentMethods.GetOrAdd(method, static m => m.IsDefined(typeof(IdempotentHubMethodAttribute), inherit: false));

    [LoggerMessage(Level = LogLevel.Debug, Message = "Hub method {HubMethod} met a transient cluster failure; retrying it (attempt {Attempt} failed): {Reason}")]
    private static partial void LogRetrying(ILogger logger, string hubMethod, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hub method {HubMethod} failed on a transient cluster failure after {Attempts} attempt(s); the client was told to retry: {ExceptionType}: {Reason}")]
    private static partial void LogTransientFailure(ILogger logger, string hubMethod, int attempts, string exceptionType, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Hub method {HubMethod} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string hubMethod, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Hub method {HubMethod} failed")]
    private static partial void LogUnexpected(ILogger logger, string hubMethod, Exception exception);
}
