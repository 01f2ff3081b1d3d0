namespace Vibe.Streams.Kafka;

/// <summary>
/// A Kafka stream provider cannot start: its brokers do not answer, or its topic is missing or too small. The message
/// names the brokers or the topic and what to do; hosts report it as the reason start-up failed.
/// </summary>
public sealed class KafkaStreamStartupException : InvalidOperationException
{
    public KafkaStreamStartupException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
