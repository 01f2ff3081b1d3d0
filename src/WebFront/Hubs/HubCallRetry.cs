using Microsoft.AspNetCore.SignalR;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// The server's own retries of a hub call (<see cref="WorkspaceHubErrorFilter"/>): filters that count calls (the
/// <see cref="HubRateLimitFilter"/>) see them, so that one call from the client counts once, however often the server
/// had to try it.
/// </summary>
internal static class HubCallRetry
{
    private static readonly AsyncLocal<bool> Retrying = new();

    /// <summary>True inside a retry the server makes of a call it already passed once through the filters.</summary>
    public static bool IsRetry => Retrying.Value;

    /// <summary>Runs the rest of the filters and the method again, marked as a retry for the filters inside.</summary>
    public static async ValueTask<object?> RetryAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        // Set here, in this async method's own copy of the execution context: the caller's stays unmarked.
        Retrying.Value = true;
        return await next(invocationContext);
    }
}
