namespace Vibe.Streams.Kafka;

/// <summary>
/// Kafka did not acknowledge an event in time (the broker is down or unreachable, or refused it): the event may or may
/// not be stored. The producer reconnects by itself; callers may retry.
/// </summary>
[GenerateSerializer, Alias("Vibe.KafkaStreamUnavailableException")]
public sealed class KafkaStreamUnavailableException : Exception
{
    public KafkaStreamUnavailableException(string message)
        : base(message)
    {
    }
}
