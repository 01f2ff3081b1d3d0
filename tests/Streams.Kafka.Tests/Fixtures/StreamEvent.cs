namespace Vibe.Streams.Kafka.Tests.Fixtures;

/// <summary>What test producers publish: who produced it and its number in that producer's sequence.</summary>
[GenerateSerializer, Immutable]
public sealed record StreamEvent([property: Id(0)] string Producer, [property: Id(1)] int Sequence);
