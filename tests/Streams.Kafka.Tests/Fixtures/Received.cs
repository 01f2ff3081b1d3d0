namespace Vibe.Streams.Kafka.Tests.Fixtures;

/// <summary>One delivery to a test subscriber: the event and its Kafka position.</summary>
public sealed record Received(StreamEvent Event, KafkaSequenceToken Token);
