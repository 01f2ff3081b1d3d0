using Vibe.Actors.Invocation;

namespace Vibe.Actors.Runtime;

/// <summary>
/// The request (and so the activation) whose code is running on this thread. Grain code runs under its
/// request's <see cref="RequestSynchronizationContext"/>, which follows it across awaits.
/// </summary>
internal static class RuntimeContext
{
    public static Request? CurrentRequest => (SynchronizationContext.Current as RequestSynchronizationContext)?.Request;

    public static ActivationData? CurrentActivation => (SynchronizationContext.Current as RequestSynchronizationContext)?.Activation;
}
