using Vibe.Actors.Invocation;

namespace Vibe.Actors.Runtime;

/// <summary>
/// The scheduling context of one request's code: every continuation posted through it runs back on the
/// request's activation, one at a time, and knows which request it belongs to (for call chains).
/// </summary>
internal sealed class RequestSynchronizationContext(ActivationData activation, Request request) : SynchronizationContext
{
    public ActivationData Activation { get; } = activation;

    public Request Request { get; } = request;

    public override void Post(SendOrPostCallback d, object? state) => Activation.Post(d, state, this);

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Synchronous Send on a grain's context would deadlock the activation; await instead.");

    public override SynchronizationContext CreateCopy() => this;
}
