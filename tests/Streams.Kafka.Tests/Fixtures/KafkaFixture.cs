namespace Vibe.Streams.Kafka.Tests.Fixtures;

/// <summary>The mock Kafka cluster (three brokers on loopback) the collection's tests share; each test uses its own topic.</summary>
public sealed class KafkaFixture : IDisposable
{
    internal KafkaMockCluster Kafka { get; } = new(brokers: 3);

    public void Dispose() => Kafka.Dispose();
}
