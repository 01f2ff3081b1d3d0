using Microsoft.Extensions.Logging;

namespace Vibe.Streams.Kafka;

/// <summary>The Kafka stream provider's log lines.</summary>
internal static partial class KafkaStreamsLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Kafka stream provider {Provider}: topic {Topic} ready with {Partitions} partitions on {BootstrapServers}")]
    public static partial void TopicReady(ILogger logger, string provider, string topic, int partitions, string bootstrapServers);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Kafka stream provider {Provider}: created topic {Topic} with {Partitions} partitions")]
    public static partial void TopicCreated(ILogger logger, string provider, string topic, int partitions);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Kafka receiver {Topic}[{Partition}] started at offset {Offset} (committed {Committed}); {History} earlier records kept for rewinding")]
    public static partial void ReceiverStarted(ILogger logger, string topic, int partition, long offset, string committed, int history);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Kafka receiver {Topic}[{Partition}] stopped; delivered up to offset {Offset}")]
    public static partial void ReceiverStopped(ILogger logger, string topic, int partition, long offset);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Kafka receiver {Topic}[{Partition}] cannot read ({Reason}); retrying in {Delay}")]
    public static partial void ReadFailed(ILogger logger, string topic, int partition, string reason, string delay);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Kafka receiver {Topic}[{Partition}] could not commit offset {Offset} ({Reason}); retrying")]
    public static partial void CommitFailed(ILogger logger, string topic, int partition, long offset, string reason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "Kafka receiver {Topic}[{Partition}] skipped the record at offset {Offset}: it is not an Orleans stream batch")]
    public static partial void UnreadableRecord(ILogger logger, Exception exception, string topic, int partition, long offset);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Kafka client {Client}: {Code} {Reason}")]
    public static partial void ClientError(ILogger logger, string client, Confluent.Kafka.ErrorCode code, string reason);

    [LoggerMessage(EventId = 9, Level = LogLevel.Debug, Message = "librdkafka {Client} {Facility}: {Message}")]
    public static partial void ClientLog(ILogger logger, string client, string facility, string message);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Kafka producer {Client} hit a fatal error ({Reason}); it is replaced by a new one")]
    public static partial void ProducerReplaced(ILogger logger, string client, string reason);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Kafka receiver {Topic}[{Partition}] read its rewind history only up to offset {Offset} within {Timeout}; older tokens are cache misses")]
    public static partial void HistoryIncomplete(ILogger logger, string topic, int partition, long offset, string timeout);

    [LoggerMessage(EventId = 12, Level = LogLevel.Error, Message = "Kafka receiver {Topic}[{Partition}] stopped on an unexpected error; the partition is not read on this silo until its queue moves")]
    public static partial void ReceiverFailed(ILogger logger, Exception exception, string topic, int partition);
}
