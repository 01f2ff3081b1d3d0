namespace Vibe.FakeProviders;

/// <summary>One step of a scripted answer, streamed in order.</summary>
public abstract record FakeTurnPart;

/// <summary>A piece of text, streamed as one delta.</summary>
public sealed record FakeTextPart(string Text) : FakeTurnPart;

/// <summary>A tool call; its input JSON is streamed in several fragments, as real providers do.</summary>
public sealed record FakeToolCallPart(string Id, string Name, string InputJson) : FakeTurnPart;

/// <summary>Waits at <see cref="Gate"/> before streaming the rest.</summary>
public sealed record FakeGatePart(FakeGate Gate) : FakeTurnPart;
