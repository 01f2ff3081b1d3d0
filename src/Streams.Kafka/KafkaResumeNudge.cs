using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Streams;

namespace Vibe.Streams.Kafka;

/// <summary>
/// An event no typed subscriber sees (a batch yields only the events of the subscriber's type), published right after a
/// subscription from a token. Orleans' pulling agent forgets a stream once its last subscriber leaves, and ignores a new
/// subscription to a stream it forgot until an event of it arrives: without this, a subscriber resuming a quiet stream
/// would get neither the events it missed nor the cache miss until the stream's next event. The nudge is that event:
/// the agent meets the subscription at once and serves it from its token (or reports the token as too old).
/// </summary>
[GenerateSerializer, Immutable, Alias("Vibe.KafkaResumeNudge")]
public sealed record KafkaResumeNudge
{
    public static readonly KafkaResumeNudge Instance = new();

    /// <summary>
    /// Publishes a nudge on <paramref name="streamId"/> of the Kafka provider <paramref name="providerName"/> registered in
    /// <paramref name="services"/> (stored in Kafka once this returns). It goes through the provider's queue adapter, not an
    /// <see cref="IAsyncStream{T}"/>: Orleans allows one event type per stream object. Returns where the nudge was stored,
    /// a mark on the stream: events stored before this was called come before it and events stored after it returned come
    /// after it, so a subscription from the mark gets every event stored from then on.
    /// </summary>
    public static async Task<KafkaSequenceToken> PublishAsync(IServiceProvider services, string providerName, StreamId streamId)
    {
        ArgumentNullException.ThrowIfNull(services);
        var adapter = (KafkaQueueAdapter)await services.GetRequiredKeyedService<KafkaQueueAdapterFactory>(providerName).CreateAdapter().ConfigureAwait(false);
        return await adapter.ProduceAsync(streamId, [Instance], null).ConfigureAwait(false);
    }
}
