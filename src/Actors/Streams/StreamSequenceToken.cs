namespace Vibe.Actors.Streams;

/// <summary>The position of an event in its stream: the producer's sequence number.</summary>
public sealed record StreamSequenceToken(long SequenceNumber);
