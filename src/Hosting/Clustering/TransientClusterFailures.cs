using Orleans.Runtime;
using Orleans.Storage;

namespace Vibe.Hosting.Clustering;

/// <summary>
/// The failures that come from the cluster changing under a call (a silo stopped, failed or froze; a grain moved) and
/// pass within seconds, so the same call succeeds when made again. REST answers them with 503 and Retry-After
/// (<see cref="TransientClusterFailureHandler"/>); the workspace hub reports them as a retryable error and retries
/// idempotent methods itself first. This is the one list of them: Orleans' <c>OrleansMessageRejectionException</c>
/// (<c>SiloUnavailableException</c> is one), a <c>TimeoutException</c> of a call to a frozen silo, and the
/// <c>InconsistentStateException</c> of a grain briefly active twice.
/// </summary>
public static class TransientClusterFailures
{
    /// <summary>Whether <paramref name="exception"/> is a transient cluster failure.</summary>
    public static bool IsTransient(Exception? exception) => exception is OrleansMessageRejectionException or TimeoutException or InconsistentStateException;
}
