using Orleans.Runtime;
using Orleans.Streams;

namespace Vibe.Streams.Kafka;

/// <summary>
/// The events one <c>OnNextAsync</c>/<c>OnNextBatchAsync</c> call produced: one Kafka record. The record's value is this
/// object serialized by Orleans without its token; the receiver sets the token from the record's partition and offset.
/// </summary>
[GenerateSerializer, Alias("Vibe.KafkaBatchContainer")]
internal sealed class KafkaBatchContainer : IBatchContainer
{
    public KafkaBatchContainer(StreamId streamId, List<object> events, Dictionary<string, object>? requestContext)
    {
        StreamId = streamId;
        Events = events;
        RequestContext = requestContext;
    }

    [Id(0)]
    public StreamId StreamId { get; }

    [Id(1)]
    public List<object> Events { get; }

    [Id(2)]
    public Dictionary<string, object>? RequestContext { get; }

    [Id(3)]
    public KafkaSequenceToken? Token { get; set; }

    /// <summary>The record's timestamp (when it was produced), which the cache's rewind window is measured by.</summary>
    [NonSerialized]
    public DateTime Timestamp;

    public StreamSequenceToken SequenceToken => Token ?? throw new InvalidOperationException("The batch has no position before it is read back from Kafka.");

    public long Offset => Token?.Offset ?? -1;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>()
    {
        var token = Token ?? throw new InvalidOperationException("The batch has no position before it is read back from Kafka.");
        for (var i = 0; i < Events.Count; i++)
        {
            if (Events[i] is T item)
            {
                yield return Tuple.Create<T, StreamSequenceToken>(item, new KafkaSequenceToken(token.Partition, token.Offset, i));
            }
        }
    }

    public bool ImportRequestContext()
    {
        if (RequestContext is not { Count: > 0 })
        {
            return false;
        }

        RequestContextExtensions.Import(RequestContext);
        return true;
    }
}
