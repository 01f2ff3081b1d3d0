using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vibe.FakeProviders;
using Vibe.Grains.Agents.Models;
using Vibe.Grains.Interfaces.Agents;

namespace Vibe.Grains.Tests.Agents.Models;

/// <summary>Both provider clients, through the official SDKs, against the fake server speaking the real wire protocols.</summary>
public sealed class AgentModelClientTests : IAsyncLifetime, IDisposable
{
    private const string ReadFileSchema = """{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}""";

    private readonly ServiceProvider _services = new ServiceCollection().AddAgentModels(o => o.MaxRetries = 0).BuildServiceProvider();
    private FakeProviderServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProviderServer.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    public void Dispose() => _services.Dispose();

    [Theory]
    [InlineData(AgentProviderKind.Anthropic)]
    [InlineData(AgentProviderKind.OpenAI)]
    public async Task Streamed_text_arrives_as_deltas_in_order_then_usage_then_stop(AgentProviderKind kind)
    {
        _fake.Enqueue(FakeTurn.Text("Hel", "lo", " world").WithUsage(42, 7));

        var events = await CollectAsync(Client(kind), Request(Prompt("Say hello")));

        Assert.Equal(["Hel", "lo", " world"], events.OfType<AgentTextDelta>().Select(d => d.Text));
        Assert.Equal(new AgentUsage(42, 7), Assert.Single(events.OfType<AgentUsage>()));
        Assert.Equal(new AgentModelStop(AgentStopReasons.EndTurn), events[^1]);
        var request = Assert.Single(_fake.Requests);
        Assert.Equal(kind == AgentProviderKind.Anthropic ? "claude-fake" : "gpt-fake", request.Model);
        Assert.True(request.Body.GetProperty("stream").GetBoolean());
    }

    [Theory]
    [InlineData(AgentProviderKind.Anthropic)]
    [InlineData(AgentProviderKind.OpenAI)]
    public async Task A_tool_call_is_reported_once_with_its_input_assembled_from_the_streamed_fragments(AgentProviderKind kind)
    {
        const string input = """{"path":"src/Program.cs","lines":{"from":1,"to":40}}""";
        _fake.Enqueue(FakeTurn.Text("Let me look.").WithToolCall("read_file", input, "call_read_1").WithToolCall("list_files", "{}", "call_list_2"));

        var events = await CollectAsync(Client(kind), Request(Prompt("What is in Program.cs?")));

        var calls = events.OfType<AgentToolCall>().ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal(("call_read_1", "read_file"), (calls[0].Id, calls[0].Name));
        AssertJsonEqual(input, calls[0].InputJson);
        Assert.Equal(("call_list_2", "list_files"), (calls[1].Id, calls[1].Name));
        AssertJsonEqual("{}", calls[1].InputJson);
        Assert.Equal("Let me look.", string.Concat(events.OfType<AgentTextDelta>().Select(d => d.Text)));
        Assert.Equal(new AgentModelStop(AgentStopReasons.ToolUse), events[^1]);
        Assert.Equal(["read_file"], Assert.Single(_fake.Requests).ToolNames);
    }

    [Fact]
    public async Task Anthropic_gets_the_tool_call_back_as_tool_use_and_its_result_as_a_tool_result_block()
    {
        _fake.Enqueue(FakeTurn.Text("Done."));

        var pending = _fake.WaitForRequestAsync(0);
        await CollectAsync(Client(AgentProviderKind.Anthropic), Request(ConversationWithToolResult()));

        var body = (await pending).Body;
        Assert.Single(_fake.Requests);
        Assert.Equal("You are a careful coding agent.", body.GetProperty("system").GetString());
        var messages = body.GetProperty("messages");
        Assert.Equal(3, messages.GetArrayLength());
        var assistant = messages[1];
        Assert.Equal("assistant", assistant.GetProperty("role").GetString());
        var toolUse = assistant.GetProperty("content").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "tool_use");
        Assert.Equal("toolu_1", toolUse.GetProperty("id").GetString());
        Assert.Equal("read_file", toolUse.GetProperty("name").GetString());
        Assert.Equal("a.txt", toolUse.GetProperty("input").GetProperty("path").GetString());
        var results = messages[2];
        Assert.Equal("user", results.GetProperty("role").GetString());
        var block = Assert.Single(results.GetProperty("content").EnumerateArray());
        Assert.Equal("tool_result", block.GetProperty("type").GetString());
        Assert.Equal("toolu_1", block.GetProperty("tool_use_id").GetString());
        Assert.True(block.GetProperty("is_error").GetBoolean());
        Assert.Equal([new FakeToolResult("toolu_1", "no such file: a.txt", true)], _fake.Requests[0].ToolResults());
    }

    [Fact]
    public async Task OpenAI_gets_the_tool_call_back_in_assistant_tool_calls_and_its_result_as_a_tool_message()
    {
        _fake.Enqueue(FakeTurn.Text("Done."));

        await CollectAsync(Client(AgentProviderKind.OpenAI), Request(ConversationWithToolResult()));

        var body = Assert.Single(_fake.Requests).Body;
        var messages = body.GetProperty("messages");
        Assert.Equal(["system", "user", "assistant", "tool"], messages.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("You are a careful coding agent.", messages[0].GetProperty("content").GetString());
        var call = Assert.Single(messages[2].GetProperty("tool_calls").EnumerateArray());
        Assert.Equal("toolu_1", call.GetProperty("id").GetString());
        Assert.Equal("function", call.GetProperty("type").GetString());
        Assert.Equal("read_file", call.GetProperty("function").GetProperty("name").GetString());
        AssertJsonEqual("""{"path":"a.txt"}""", call.GetProperty("function").GetProperty("arguments").GetString()!);
        Assert.Equal("toolu_1", messages[3].GetProperty("tool_call_id").GetString());
        Assert.Contains("no such file: a.txt", _fake.Requests[0].ToolResults().Single().Content, StringComparison.Ordinal);
        Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.Equal(1024, body.GetProperty("max_completion_tokens").GetInt32());
    }

    [Theory]
    [InlineData(AgentProviderKind.Anthropic, "authentication_error", "invalid x-api-key")]
    [InlineData(AgentProviderKind.OpenAI, "invalid_request_error", "Incorrect API key provided.")]
    public async Task A_wrong_key_fails_with_401_and_the_providers_error_type_without_its_text_or_the_key(AgentProviderKind kind, string errorType, string providerText)
    {
        const string wrongKey = "sk-wrong-secret-key-do-not-show";
        var settings = Settings(kind) with { ApiKey = wrongKey };

        var error = await Assert.ThrowsAsync<AgentModelException>(() => CollectAsync(Factory.Create(settings), Request(Prompt("hi"))));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal(errorType, error.ProviderErrorType);
        Assert.Contains($"HTTP 401 Unauthorized ({errorType})", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(providerText, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, error.ToString(), StringComparison.Ordinal);
        Assert.Empty(_fake.Requests);
    }

    [Theory]
    [InlineData(AgentProviderKind.Anthropic, "api_error")]
    [InlineData(AgentProviderKind.OpenAI, "server_error")]
    public async Task A_server_error_fails_with_its_status_and_type_and_none_of_the_body_text(AgentProviderKind kind, string errorType)
    {
        _fake.Enqueue(FakeTurn.Error(500, $"INTERNAL-SECRET-DATA db_password=hunter2 while serving key {_fake.ApiKey}"));

        var error = await Assert.ThrowsAsync<AgentModelException>(() => CollectAsync(Client(kind), Request(Prompt("hi"))));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Contains($"HTTP 500 InternalServerError ({errorType})", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("INTERNAL-SECRET-DATA", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.ApiKey, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AgentProviderKind.Anthropic)]
    [InlineData(AgentProviderKind.OpenAI)]
    public async Task An_error_in_the_middle_of_the_stream_fails_with_the_providers_error_type_only(AgentProviderKind kind)
    {
        _fake.Enqueue(FakeTurn.Text("Starting").WithStreamError("overloaded_error", "Overloaded, try again later"));
        var received = new List<AgentModelEvent>();

        var error = await Assert.ThrowsAsync<AgentModelException>(async () =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await foreach (var e in Client(kind).StreamAsync(Request(Prompt("hi")), timeout.Token))
            {
                received.Add(e);
            }
        });

        Assert.Contains("failed mid-answer (overloaded_error)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Overloaded, try again later", error.Message, StringComparison.Ordinal);
        Assert.Equal("overloaded_error", error.ProviderErrorType);
        Assert.Equal([new AgentTextDelta("Starting")], received);
    }

    [Theory]
    [InlineData(AgentProviderKind.Anthropic)]
    [InlineData(AgentProviderKind.OpenAI)]
    public async Task A_connection_dropped_mid_answer_fails_instead_of_passing_for_a_finished_answer(AgentProviderKind kind)
    {
        _fake.Enqueue(FakeTurn.Text("Half an ans").WithCutOff());
        var received = new List<AgentModelEvent>();

        var error = await Assert.ThrowsAsync<AgentModelException>(async () =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await foreach (var e in Client(kind).StreamAsync(Request(Prompt("hi")), timeout.Token))
            {
                received.Add(e);
            }
        });

        Assert.Contains("broke off its answer", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(received, e => e is AgentModelStop);
    }

    [Theory]
    [InlineData(AgentProviderKind.Anthropic)]
    [InlineData(AgentProviderKind.OpenAI)]
    public async Task Cancelling_mid_stream_stops_the_enumeration_and_hangs_up_on_the_provider(AgentProviderKind kind)
    {
        var gate = new FakeGate();
        _fake.Enqueue(FakeTurn.Text("Working").WaitFor(gate).WithText(" never sent"));
        using var cancel = new CancellationTokenSource();
        var received = new List<AgentModelEvent>();

        var run = Task.Run(async () =>
        {
            await foreach (var e in Client(kind).StreamAsync(Request(Prompt("hi")), cancel.Token))
            {
                received.Add(e);
            }
        });
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        await gate.Abandoned.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(received, e => e is AgentModelStop);
    }

    [Theory]
    [InlineData(AgentProviderKind.Anthropic)]
    [InlineData(AgentProviderKind.OpenAI)]
    public async Task An_unreachable_endpoint_fails_with_a_clear_error(AgentProviderKind kind)
    {
        // A port that was free a moment ago: nothing listens on it.
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var settings = Settings(kind) with { Endpoint = new Uri($"http://127.0.0.1:{port}/v1") };

        var error = await Assert.ThrowsAsync<AgentModelException>(() => CollectAsync(Factory.Create(settings), Request(Prompt("hi"))));

        Assert.Null(error.StatusCode);
        Assert.Contains("could not be reached", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_factory_refuses_settings_without_a_model()
    {
        var error = Assert.Throws<ArgumentException>(() => Factory.Create(_fake.AnthropicSettings(model: " ")));
        Assert.Contains("no model", error.Message, StringComparison.Ordinal);
    }

    private IAgentModelClientFactory Factory => _services.GetRequiredService<IAgentModelClientFactory>();

    private AgentProviderSettings Settings(AgentProviderKind kind) =>
        kind == AgentProviderKind.Anthropic ? _fake.AnthropicSettings() : _fake.OpenAISettings();

    private IAgentModelClient Client(AgentProviderKind kind) => Factory.Create(Settings(kind));

    private static AgentMessage[] Prompt(string text) => [new AgentMessage(AgentMessageRole.User, [new AgentTextContent(text)])];

    private static AgentMessage[] ConversationWithToolResult() =>
    [
        new(AgentMessageRole.User, [new AgentTextContent("Show me a.txt")]),
        new(AgentMessageRole.Assistant, [new AgentTextContent("Reading it."), new AgentToolCallContent("toolu_1", "read_file", """{"path":"a.txt"}""")]),
        new(AgentMessageRole.User, [new AgentToolResultContent("toolu_1", "no such file: a.txt", IsError: true)]),
    ];

    private static AgentModelRequest Request(IReadOnlyList<AgentMessage> messages) =>
        new("You are a careful coding agent.", messages, [new AgentToolDefinition("read_file", "Reads a file of the workspace.", ReadFileSchema)], 1024);

    private static async Task<List<AgentModelEvent>> CollectAsync(IAgentModelClient client, AgentModelRequest request)
    {
        var events = new List<AgentModelEvent>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var e in client.StreamAsync(request, timeout.Token))
        {
            events.Add(e);
        }

        return events;
    }

    private static void AssertJsonEqual(string expected, string actual)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        Assert.True(JsonElement.DeepEquals(e.RootElement, a.RootElement), $"Expected {expected}, got {actual}");
    }
}
