using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vibe.Grains.Interfaces.Agents;

namespace Vibe.FakeProviders;

/// <summary>
/// A fake AI provider on loopback that speaks the real wire protocols: Anthropic <c>POST /v1/messages</c> and OpenAI
/// <c>POST /v1/chat/completions</c>, both streaming over server-sent events. Each request is answered with the next
/// scripted <see cref="FakeTurn"/> and recorded in <see cref="Requests"/>. Requests without the key get 401.
/// <code>await using var fake = await FakeProviderServer.StartAsync(); fake.Enqueue(FakeTurn.Text("Hi"));</code>
/// </summary>
public sealed class FakeProviderServer : IAsyncDisposable
{
    /// <summary>The key the server accepts unless another is given to <see cref="StartAsync"/>.</summary>
    public const string DefaultApiKey = "sk-fake-provider-test-key-0123456789";

    private static readonly JsonSerializerOptions s_json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never };

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeTurn> _turns = new();
    private readonly List<FakeRequest> _requests = [];
    private readonly Lock _requestsLock = new();
    private readonly List<TaskCompletionSource<FakeRequest>> _requestWaiters = [];
    private readonly ConcurrentQueue<string> _presentedKeys = new();
    private int _sequence;

    private FakeProviderServer(WebApplication app, string apiKey)
    {
        _app = app;
        ApiKey = apiKey;
    }

    /// <summary>The server's base address, http://127.0.0.1:{port}/.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The API key requests must carry.</summary>
    public string ApiKey { get; }

    /// <summary>The requests received so far, in order (a snapshot).</summary>
    public IReadOnlyList<FakeRequest> Requests
    {
        get
        {
            lock (_requestsLock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>
    /// The credential every request carried (the <c>x-api-key</c> header, or the <c>Authorization</c> header's bearer token;
    /// "" when none), refused ones included, so tests can assert a key never reached this server.
    /// </summary>
    public IReadOnlyList<string> PresentedKeys => [.. _presentedKeys];

    /// <summary>The request number <paramref name="index"/> (0 for the first), once it has arrived.</summary>
    public Task<FakeRequest> WaitForRequestAsync(int index, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        lock (_requestsLock)
        {
            if (index < _requests.Count)
            {
                return Task.FromResult(_requests[index]);
            }

            while (_requestWaiters.Count <= index)
            {
                _requestWaiters.Add(new TaskCompletionSource<FakeRequest>(TaskCreationOptions.RunContinuationsAsynchronously));
            }

            return _requestWaiters[index].Task.WaitAsync(ct);
        }
    }

    /// <summary>How many scripted turns have not been served yet.</summary>
    public int PendingTurns => _turns.Count;

    /// <summary>Starts a server on 127.0.0.1 on a free port.</summary>
    public static async Task<FakeProviderServer> StartAsync(string apiKey = DefaultApiKey, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeProviderServer(app, apiKey);
        app.MapPost("/v1/messages", server.HandleAnthropicAsync);
        app.MapPost("/v1/chat/completions", server.HandleOpenAIAsync);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>Queues answers for the next requests, in order.</summary>
    public void Enqueue(params FakeTurn[] turns)
    {
        foreach (var turn in turns)
        {
            _turns.Enqueue(turn);
        }
    }

    /// <summary>Settings that point the Anthropic client at this server; trusted as an installation's provider unless told otherwise (it listens on loopback).</summary>
    public AgentProviderSettings AnthropicSettings(string model = "claude-fake", int maxOutputTokens = 1024, AgentEndpointTrust trust = AgentEndpointTrust.Any) =>
        new(AgentProviderKind.Anthropic, BaseAddress, ApiKey, model, maxOutputTokens, trust);

    /// <summary>Settings that point the OpenAI-compatible client at this server (endpoint .../v1, as for OpenAI itself); trusted unless told otherwise.</summary>
    public AgentProviderSettings OpenAISettings(string model = "gpt-fake", int maxOutputTokens = 1024, AgentEndpointTrust trust = AgentEndpointTrust.Any) =>
        new(AgentProviderKind.OpenAI, new Uri(BaseAddress, "v1"), ApiKey, model, maxOutputTokens, trust);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAnthropicAsync(HttpContext context)
    {
        _presentedKeys.Enqueue(context.Request.Headers["x-api-key"].ToString());
        var accepted = await AcceptStreamingAsync(
            context,
            FakeProtocol.Anthropic,
            authorized: context.Request.Headers["x-api-key"] == ApiKey,
            new ProtocolErrors("authentication_error", "invalid x-api-key", "api_error", WriteAnthropicErrorAsync));
        if (accepted is not { } ok)
        {
            return;
        }

        var (turn, body) = ok;

        var ct = context.RequestAborted;
        var model = body.TryGetProperty("model", out var m) ? m.GetString() : "claude-fake";
        StartEventStream(context);
        var id = $"msg_fake_{Interlocked.Increment(ref _sequence)}";
        await SendAnthropicAsync(context, "message_start", new
        {
            type = "message_start",
            message = new
            {
                id,
                type = "message",
                role = "assistant",
                model,
                content = Array.Empty<object>(),
                stop_reason = (string?)null,
                stop_sequence = (string?)null,
                usage = new { input_tokens = turn.InputTokens, output_tokens = 1 },
            },
        }, ct);
        await SendAnthropicAsync(context, "ping", new { type = "ping" }, ct);

        var index = 0;
        var textOpen = false;
        foreach (var part in turn.Parts)
        {
            switch (part)
            {
                case FakeTextPart text:
                    if (!textOpen)
                    {
                        await SendAnthropicAsync(context, "content_block_start", new { type = "content_block_start", index, content_block = new { type = "text", text = "" } }, ct);
                        textOpen = true;
                    }

                    await SendAnthropicAsync(context, "content_block_delta", new { type = "content_block_delta", index, delta = new { type = "text_delta", text = text.Text } }, ct);
                    break;
                case FakeToolCallPart call:
                    if (textOpen)
                    {
                        await SendAnthropicAsync(context, "content_block_stop", new { type = "content_block_stop", index }, ct);
                        textOpen = false;
                        index++;
                    }

                    await SendAnthropicAsync(context, "content_block_start", new
                    {
                        type = "content_block_start",
                        index,
                        content_block = new { type = "tool_use", id = call.Id, name = call.Name, input = new { } },
                    }, ct);
                    foreach (var fragment in Fragments(call.InputJson))
                    {
                        await SendAnthropicAsync(context, "content_block_delta", new { type = "content_block_delta", index, delta = new { type = "input_json_delta", partial_json = fragment } }, ct);
                    }

                    await SendAnthropicAsync(context, "content_block_stop", new { type = "content_block_stop", index }, ct);
                    index++;
                    break;
                case FakeGatePart gate:
                    await gate.Gate.WaitAsync(ct);
                    break;
                case FakeDelayPart delay:
                    await Task.Delay(delay.Delay, ct);
                    break;
                case FakeStreamErrorPart error:
                    await SendAnthropicAsync(context, "error", new { type = "error", error = new { type = error.Type, message = error.Message } }, ct);
                    return;
                case FakeCutOffPart:
                    return;
            }
        }

        if (textOpen)
        {
            await SendAnthropicAsync(context, "content_block_stop", new { type = "content_block_stop", index }, ct);
        }

        await SendAnthropicAsync(context, "message_delta", new
        {
            type = "message_delta",
            delta = new { stop_reason = turn.StopReason, stop_sequence = (string?)null },
            usage = new { output_tokens = turn.OutputTokens },
        }, ct);
        await SendAnthropicAsync(context, "message_stop", new { type = "message_stop" }, ct);
    }

    private async Task HandleOpenAIAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        _presentedKeys.Enqueue(authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : authorization);
        var accepted = await AcceptStreamingAsync(
            context,
            FakeProtocol.OpenAI,
            authorized: context.Request.Headers.Authorization == $"Bearer {ApiKey}",
            new ProtocolErrors("invalid_api_key", "Incorrect API key provided.", "server_error", WriteOpenAIErrorAsync));
        if (accepted is not { } ok)
        {
            return;
        }

        var (turn, body) = ok;

        var includeUsage = body.TryGetProperty("stream_options", out var streamOptions)
            && streamOptions.TryGetProperty("include_usage", out var include)
            && include.ValueKind == JsonValueKind.True;
        var ct = context.RequestAborted;
        var model = body.TryGetProperty("model", out var m) ? m.GetString() : "gpt-fake";
        var id = $"chatcmpl-fake{Interlocked.Increment(ref _sequence)}";
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        object Chunk(object delta, string? finishReason) => new
        {
            id,
            @object = "chat.completion.chunk",
            created,
            model,
            system_fingerprint = (string?)null,
            choices = new[] { new { index = 0, delta, logprobs = (object?)null, finish_reason = finishReason } },
        };

        StartEventStream(context);
        await SendOpenAIAsync(context, Chunk(new { role = "assistant", content = "" }, null), ct);
        var toolIndex = 0;
        foreach (var part in turn.Parts)
        {
            switch (part)
            {
                case FakeTextPart text:
                    await SendOpenAIAsync(context, Chunk(new { content = text.Text }, null), ct);
                    break;
                case FakeToolCallPart call:
                    await SendOpenAIAsync(context, Chunk(new
                    {
                        tool_calls = new[] { new { index = toolIndex, id = call.Id, type = "function", function = new { name = call.Name, arguments = "" } } },
                    }, null), ct);
                    foreach (var fragment in Fragments(call.InputJson))
                    {
                        await SendOpenAIAsync(context, Chunk(new { tool_calls = new[] { new { index = toolIndex, function = new { arguments = fragment } } } }, null), ct);
                    }

                    toolIndex++;
                    break;
                case FakeGatePart gate:
                    await gate.Gate.WaitAsync(ct);
                    break;
                case FakeDelayPart delay:
                    await Task.Delay(delay.Delay, ct);
                    break;
                case FakeStreamErrorPart error:
                    await SendOpenAIAsync(context, new { error = new { message = error.Message, type = error.Type, param = (string?)null, code = (string?)null } }, ct);
                    return;
                case FakeCutOffPart:
                    return;
            }
        }

        var finish = turn.StopReason switch
        {
            "tool_use" => "tool_calls",
            "max_tokens" => "length",
            _ => "stop",
        };
        await SendOpenAIAsync(context, Chunk(new { }, finish), ct);
        if (includeUsage)
        {
            await SendOpenAIAsync(context, new
            {
                id,
                @object = "chat.completion.chunk",
                created,
                model,
                choices = Array.Empty<object>(),
                usage = new { prompt_tokens = turn.InputTokens, completion_tokens = turn.OutputTokens, total_tokens = turn.InputTokens + turn.OutputTokens },
            }, ct);
        }

        await context.Response.WriteAsync("data: [DONE]\n\n", ct);
        await context.Response.Body.FlushAsync(ct);
    }

    // The checks both protocols make before streaming: the key, a scripted turn left, a scripted error, a streaming
    // request. Answers the request itself with the protocol's error and returns null when one fails.
    private async Task<(FakeTurn Turn, JsonElement Body)?> AcceptStreamingAsync(
        HttpContext context, FakeProtocol protocol, bool authorized, ProtocolErrors errors)
    {
        if (!authorized)
        {
            await errors.Write(context, 401, errors.UnauthorizedType, errors.UnauthorizedMessage);
            return null;
        }

        var (turn, body) = await AcceptAsync(context, protocol);
        if (turn is null)
        {
            await errors.Write(context, 500, errors.ServerErrorType, "the fake provider has no scripted turn left for this request");
            return null;
        }

        if (turn.ErrorStatus is { } status)
        {
            await errors.Write(context, status, status >= 500 ? errors.ServerErrorType : "invalid_request_error", turn.ErrorMessage ?? "error");
            return null;
        }

        if (!body.TryGetProperty("stream", out var stream) || stream.ValueKind != JsonValueKind.True)
        {
            await errors.Write(context, 400, "invalid_request_error", "the fake provider only answers streaming requests");
            return null;
        }

        return (turn, body);
    }

    private async Task<(FakeTurn? Turn, JsonElement Body)> AcceptAsync(HttpContext context, FakeProtocol protocol)
    {
        using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var body = document.RootElement.Clone();
        var request = new FakeRequest(protocol, body);
        TaskCompletionSource<FakeRequest>? waiter = null;
        lock (_requestsLock)
        {
            _requests.Add(request);
            if (_requests.Count <= _requestWaiters.Count)
            {
                waiter = _requestWaiters[_requests.Count - 1];
            }
        }

        waiter?.TrySetResult(request);

        return (_turns.TryDequeue(out var turn) ? turn : null, body);
    }

    // Splits a tool call's input into three fragments, as providers stream partial JSON.
    private static IEnumerable<string> Fragments(string json)
    {
        if (json.Length < 3)
        {
            yield return json;
            yield break;
        }

        var third = json.Length / 3;
        yield return json[..third];
        yield return json[third..(2 * third)];
        yield return json[(2 * third)..];
    }

    private static void StartEventStream(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
    }

    private static async Task SendAnthropicAsync(HttpContext context, string eventName, object data, CancellationToken ct)
    {
        await context.Response.WriteAsync($"event: {eventName}\ndata: {JsonSerializer.Serialize(data, s_json)}\n\n", ct);
        await context.Response.Body.FlushAsync(ct);
    }

    private static async Task SendOpenAIAsync(HttpContext context, object data, CancellationToken ct)
    {
        await context.Response.WriteAsync($"data: {JsonSerializer.Serialize(data, s_json)}\n\n", ct);
        await context.Response.Body.FlushAsync(ct);
    }

    private static Task WriteAnthropicErrorAsync(HttpContext context, int status, string type, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { type = "error", error = new { type, message } }, s_json);
    }

    private static Task WriteOpenAIErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = new { message, type = code == "server_error" ? "server_error" : "invalid_request_error", param = (string?)null, code } }, s_json);
    }
}
