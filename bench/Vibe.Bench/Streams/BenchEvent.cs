namespace Vibe.Bench.Streams;

/// <summary>A stream event of the size of a log line, stamped with when its producer was asked to send it.</summary>
[GenerateSerializer, Immutable]
public sealed record BenchEvent([property: Id(0)] long SentTimestamp, [property: Id(1)] string Line);
