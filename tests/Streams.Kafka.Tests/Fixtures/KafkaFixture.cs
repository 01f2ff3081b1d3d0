namespace Vibe.Streams.Kafka.Tests.Fixtures;

/// <summary>The mock Kafka cluster (three brokers on loopback) the collection's tests share; each test uses its own topic.</summary>
public sealed class KafkaFixture : IDisposable
{
    /// <summary>How long a test awaits deliveries: a failover or a broker back up waits out librdkafka's backoffs first.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    internal KafkaMockCluster Kafka { get; } = new(brokers: 3);

    public void Dispose() => Kafka.Dispose();
}
