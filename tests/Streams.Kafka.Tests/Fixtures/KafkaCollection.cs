namespace Vibe.Streams.Kafka.Tests.Fixtures;

/// <summary>Tests that start Orleans clusters on the mock Kafka share one mock cluster and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class KafkaCollection : ICollectionFixture<KafkaFixture>
{
    public const string Name = "kafka";
}
