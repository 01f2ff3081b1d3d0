namespace Vibe.FakeProviders;

/// <summary>
/// One scripted model answer, served to the next request: text and tool calls streamed in order (optionally held at a
/// gate), or an HTTP error. Built fluently: <c>FakeTurn.Text("Hello", " world").WithToolCall("read_file", "{\"path\":\"a\"}")</c>.
/// </summary>
public sealed class FakeTurn
{
    private static int s_nextId;
    private readonly List<FakeTurnPart> _parts = [];
    private string? _stopReason;

    private FakeTurn()
    {
    }

    /// <summary>The steps streamed, in order.</summary>
    public IReadOnlyList<FakeTurnPart> Parts => _parts;

    /// <summary>When set, the request is refused with this HTTP status and <see cref="ErrorMessage"/> instead of streaming.</summary>
    public int? ErrorStatus { get; private set; }

    /// <summary>The provider error message sent with <see cref="ErrorStatus"/>.</summary>
    public string? ErrorMessage { get; private set; }

    /// <summary>Input tokens reported (default 100).</summary>
    public long InputTokens { get; private set; } = 100;

    /// <summary>Output tokens reported (default 20).</summary>
    public long OutputTokens { get; private set; } = 20;

    /// <summary>The stop reason sent, in the Anthropic spelling (default "tool_use" when the turn calls tools, else "end_turn").</summary>
    public string StopReason => _stopReason ?? (_parts.Exists(p => p is FakeToolCallPart) ? "tool_use" : "end_turn");

    /// <summary>An answer of text, one delta per chunk.</summary>
    public static FakeTurn Text(params string[] chunks) => new FakeTurn().WithText(chunks);

    /// <summary>An answer that calls one tool.</summary>
    public static FakeTurn ToolCall(string name, string inputJson, string? id = null) => new FakeTurn().WithToolCall(name, inputJson, id);

    /// <summary>A refusal with an HTTP status and the provider's error message.</summary>
    public static FakeTurn Error(int status, string message) => new() { ErrorStatus = status, ErrorMessage = message };

    /// <summary>Appends text deltas.</summary>
    public FakeTurn WithText(params string[] chunks)
    {
        foreach (var chunk in chunks)
        {
            _parts.Add(new FakeTextPart(chunk));
        }

        return this;
    }

    /// <summary>Appends a tool call (its id generated when not given).</summary>
    public FakeTurn WithToolCall(string name, string inputJson, string? id = null)
    {
        _parts.Add(new FakeToolCallPart(id ?? $"call_{Interlocked.Increment(ref s_nextId)}", name, inputJson));
        return this;
    }

    /// <summary>Holds the stream at <paramref name="gate"/> at this point until it is released.</summary>
    public FakeTurn WaitFor(FakeGate gate)
    {
        _parts.Add(new FakeGatePart(gate));
        return this;
    }

    /// <summary>Sets the usage reported.</summary>
    public FakeTurn WithUsage(long inputTokens, long outputTokens)
    {
        InputTokens = inputTokens;
        OutputTokens = outputTokens;
        return this;
    }

    /// <summary>Overrides the stop reason (Anthropic spelling: end_turn, tool_use, max_tokens).</summary>
    public FakeTurn WithStopReason(string stopReason)
    {
        _stopReason = stopReason;
        return this;
    }
}
