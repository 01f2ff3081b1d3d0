using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Streams;

namespace Vibe.Streams.Kafka;

/// <summary>
/// Produces a provider's events: each <c>OnNextAsync</c> (or batch) is one record on the stream's partition, keyed by
/// the stream id, and the call returns once every in-sync replica has it. Concurrent calls share requests (linger).
/// </summary>
internal sealed class KafkaQueueAdapter : IQueueAdapter, IDisposable
{
    private readonly KafkaStreamOptions _options;
    private readonly string _topic;
    private readonly IStreamQueueMapper _mapper;
    private readonly Serializer _serializer;
    private readonly Func<QueueId, IQueueAdapterReceiver> _createReceiver;
    private readonly ILogger _logger;
    private readonly string _clientId;
    private readonly object _swap = new();
    private IProducer<byte[], byte[]> _producer;

    public KafkaQueueAdapter(string name, KafkaStreamOptions options, IStreamQueueMapper mapper, Serializer serializer, Func<QueueId, IQueueAdapterReceiver> createReceiver, ILogger logger)
    {
        Name = name;
        _options = options;
        _topic = options.TopicFor(name);
        _mapper = mapper;
        _serializer = serializer;
        _createReceiver = createReceiver;
        _logger = logger;
        _clientId = $"vibe-producer-{name}";
        _producer = BuildProducer();
    }

    public string Name { get; }

    public bool IsRewindable => true;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    /// <summary>The partition (and Orleans queue) a stream's events go to.</summary>
    internal static int PartitionOf(IStreamQueueMapper mapper, StreamId streamId) => (int)mapper.GetQueueForStream(streamId).GetNumericId();

    public async Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        if (token is not null)
        {
            throw new ArgumentException("Kafka streams take no sequence token when producing: the record's offset is its token.", nameof(token));
        }

        await ProduceAsync(streamId, [.. events.Cast<object>()], requestContext).ConfigureAwait(false);
    }

    /// <summary>Stores <paramref name="events"/> as one record on the stream's partition; returns the token of its first event.</summary>
    internal async Task<KafkaSequenceToken> ProduceAsync(StreamId streamId, List<object> events, Dictionary<string, object>? requestContext)
    {
        var partition = PartitionOf(_mapper, streamId);
        var record = new KafkaBatchContainer(streamId, events, requestContext is { Count: > 0 } ? requestContext : null);
        var message = new Message<byte[], byte[]>
        {
            Key = Encoding.UTF8.GetBytes(streamId.ToString()),
            Value = _serializer.SerializeToArray(record),
        };
        try
        {
            var stored = await Producer.ProduceAsync(new TopicPartition(_topic, new Partition(partition)), message).ConfigureAwait(false);
            return new KafkaSequenceToken(partition, stored.Offset.Value, 0);
        }
        catch (KafkaException e)
        {
            // Only the message crosses grain calls: Confluent's exceptions have no Orleans codec.
            throw new KafkaStreamUnavailableException(
                $"Kafka did not store the event for stream {streamId} (topic {_topic}, partition {partition}, brokers {_options.BootstrapServers}) " +
                $"within {KafkaClientConfigs.Describe(_options.ProduceTimeout)}: {e.Error.Code} {e.Error.Reason}. It may or may not have been stored; the producer reconnects by itself.");
        }
    }

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) => _createReceiver(queueId);

    public void Dispose()
    {
        lock (_swap)
        {
            _producer.Dispose();
        }
    }

    private IProducer<byte[], byte[]> Producer
    {
        get { lock (_swap) { return _producer; } }
    }

    private IProducer<byte[], byte[]> BuildProducer() =>
        new ProducerBuilder<byte[], byte[]>(KafkaClientConfigs.Producer(_options, _clientId))
            .SetErrorHandler((failed, error) => OnError(failed, error))
            .SetLogHandler((_, log) => KafkaStreamsLog.ClientLog(_logger, _clientId, log.Facility, log.Message))
            .Build();

    private void OnError(IProducer<byte[], byte[]> failed, Error error)
    {
        KafkaStreamsLog.ClientError(_logger, _clientId, error.Code, error.Reason);
        if (!error.IsFatal)
        {
            return;
        }

        // A fatal error (e.g. the idempotent producer lost its sequence) ends this producer for good: start a new one.
        lock (_swap)
        {
            if (!ReferenceEquals(failed, _producer))
            {
                return;
            }

            KafkaStreamsLog.ProducerReplaced(_logger, _clientId, error.Reason);
            _producer = BuildProducer();
        }

        // Disposing waits for librdkafka's threads, one of which is running this callback.
        _ = Task.Run(failed.Dispose);
    }
}
