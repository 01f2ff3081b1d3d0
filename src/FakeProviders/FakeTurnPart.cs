namespace Vibe.FakeProviders;

/// <summary>One step of a scripted answer, streamed in order.</summary>
public abstract record FakeTurnPart;

/// <summary>A piece of text, streamed as one delta.</summary>
public sealed record FakeTextPart(string Text) : FakeTurnPart;

/// <summary>A tool call; its input JSON is streamed in several fragments, as real providers do.</summary>
public sealed record FakeToolCallPart(string Id, string Name, string InputJson) : FakeTurnPart;

/// <summary>Waits at <see cref="Gate"/> before streaming the rest.</summary>
public sealed record FakeGatePart(FakeGate Gate) : FakeTurnPart;

/// <summary>Pauses the stream for <see cref="Delay"/> (for latency measurements; tests that need ordering use a gate).</summary>
public sealed record FakeDelayPart(TimeSpan Delay) : FakeTurnPart;

/// <summary>
/// Fails the stream after the answer started, as providers do when overloaded mid-answer: an SSE <c>error</c> event
/// (Anthropic) or an <c>error</c> object in place of a chunk (OpenAI-compatible servers), then the connection closes.
/// </summary>
public sealed record FakeStreamErrorPart(string Type, string Message) : FakeTurnPart;

/// <summary>Ends the response at this point without the stream's closing events, as a server that failed behind a proxy does.</summary>
public sealed record FakeCutOffPart : FakeTurnPart;
