using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using Vibe.Grains.Interfaces.Agents;

namespace Vibe.Grains.Agents.Models;

/// <summary>
/// An OpenAI-compatible chat-completions endpoint through the official SDK (OpenAI, Ollama, vLLM, LM Studio, OpenRouter):
/// streamed text, tool calls whose arguments arrive in fragments keyed by index, usage from the final chunk.
/// </summary>
internal sealed class OpenAIModelClient : IAgentModelClient
{
    // Local servers (Ollama, LM Studio) need no key, but the SDK insists on one; they ignore the header.
    private const string PlaceholderKey = "no-key";

    private readonly AgentProviderSettings _settings;
    private readonly ChatClient _client;

    public OpenAIModelClient(AgentProviderSettings settings, HttpClient httpClient, AgentModelOptions options)
    {
        _settings = settings;
        var clientOptions = new OpenAIClientOptions
        {
            Transport = new HttpClientPipelineTransport(httpClient),
            RetryPolicy = new ClientRetryPolicy(options.MaxRetries),
            NetworkTimeout = options.RequestTimeout,
        };
        if (settings.Endpoint is not null)
        {
            clientOptions.Endpoint = settings.Endpoint;
        }

        var key = string.IsNullOrEmpty(settings.ApiKey) ? PlaceholderKey : settings.ApiKey;
        _client = new ChatClient(settings.Model, new ApiKeyCredential(key), clientOptions);
    }

    public async IAsyncEnumerable<AgentModelEvent> StreamAsync(AgentModelRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var messages = BuildMessages(request);
        var options = BuildOptions(request);

        var toolCalls = new SortedDictionary<int, ToolCallFragments>();
        long inputTokens = 0, outputTokens = 0;
        string? stopReason = null;
        var started = false;

        await using var updates = _client.CompleteChatStreamingAsync(messages, options, ct).GetAsyncEnumerator(ct);
        while (true)
        {
            StreamingChatCompletionUpdate update;
            try
            {
                if (!await updates.MoveNextAsync())
                {
                    break;
                }

                update = updates.Current;
                started = true;
            }
            catch (ClientResultException e) when (e.Status != 0)
            {
                throw AgentModelErrors.FromStatus(_settings, (System.Net.HttpStatusCode)e.Status, ReadBody(e));
            }
            catch (ClientResultException e) when (!ct.IsCancellationRequested)
            {
                throw AgentModelErrors.FromFailure(_settings, started ? "broke off its answer" : "could not be reached", e);
            }
            catch (HttpRequestException e) when (!ct.IsCancellationRequested)
            {
                throw AgentModelErrors.FromFailure(_settings, started ? "broke off its answer" : "could not be reached", e);
            }
            catch (AggregateException e) when (!ct.IsCancellationRequested && e.InnerException is ClientResultException or HttpRequestException or IOException)
            {
                // System.ClientModel's retry policy gathers the failures of its tries: the first says why.
                throw AgentModelErrors.FromFailure(_settings, started ? "broke off its answer" : "could not be reached", e);
            }
            catch (IOException e) when (!ct.IsCancellationRequested)
            {
                throw AgentModelErrors.FromFailure(_settings, "broke off its answer", e);
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw AgentModelErrors.FromFailure(_settings, "did not answer in time", e);
            }
            catch (System.Text.Json.JsonException e)
            {
                throw AgentModelErrors.FromFailure(_settings, "sent a chunk that could not be read", e);
            }

            if (StreamedError(update) is { } streamedError)
            {
                throw AgentModelErrors.FromStreamedError(_settings, streamedError);
            }

            foreach (var part in update.ContentUpdate)
            {
                if (part.Kind == ChatMessageContentPartKind.Text && !string.IsNullOrEmpty(part.Text))
                {
                    yield return new AgentTextDelta(part.Text);
                }
            }

            foreach (var fragment in update.ToolCallUpdates)
            {
                // The first fragment of a call carries its id and name; later ones only the index and more arguments.
                if (!toolCalls.TryGetValue(fragment.Index, out var call))
                {
                    call = new ToolCallFragments();
                    toolCalls.Add(fragment.Index, call);
                }

                call.Id ??= fragment.ToolCallId;
                call.Name ??= fragment.FunctionName;
                if (fragment.FunctionArgumentsUpdate is { } arguments && !arguments.IsEmpty)
                {
                    call.Arguments.Append(arguments.ToString());
                }
            }

            if (update.FinishReason is { } finish)
            {
                stopReason = finish switch
                {
                    ChatFinishReason.Stop => AgentStopReasons.EndTurn,
                    ChatFinishReason.ToolCalls or ChatFinishReason.FunctionCall => AgentStopReasons.ToolUse,
                    ChatFinishReason.Length => AgentStopReasons.MaxTokens,
                    _ => finish.ToString(),
                };
            }

            if (update.Usage is { } usage)
            {
                inputTokens = usage.InputTokenCount;
                outputTokens = usage.OutputTokenCount;
            }
        }

        // A stream that ends without a finish reason was cut off (the server failed mid-answer or the connection dropped).
        if (stopReason is null)
        {
            throw new AgentModelException($"The AI provider ({_settings}) broke off its answer (the stream ended without a finish_reason): try again.");
        }

        foreach (var (index, call) in toolCalls)
        {
            if (string.IsNullOrEmpty(call.Name))
            {
                throw new AgentModelException($"The AI provider ({_settings}) streamed a tool call (index {index}) without a function name.");
            }

            var input = call.Arguments.Length == 0 ? "{}" : call.Arguments.ToString();
            yield return new AgentToolCall(call.Id ?? $"call_{index}", call.Name, input);
        }

        // Some servers answer "stop" even after tool calls; the calls are what the loop acts on.
        if (toolCalls.Count > 0 && stopReason == AgentStopReasons.EndTurn)
        {
            stopReason = AgentStopReasons.ToolUse;
        }

        yield return new AgentUsage(inputTokens, outputTokens);
        yield return new AgentModelStop(stopReason);
    }

    // OpenAI-compatible servers report a failure after the answer started as {"error": {...}} in place of a chunk; the SDK
    // does not model it, so it is only visible among the chunk's unmodelled properties (an evaluation API of System.ClientModel).
    // Only its type or code is kept (AgentModelErrors shows no text from the provider).
#pragma warning disable SCME0001
    private static string? StreamedError(StreamingChatCompletionUpdate update)
    {
        if (!update.Patch.Contains("$.error"u8))
        {
            return null;
        }

        var type = update.Patch.TryGetValue("$.error.type"u8, out string? errorType) ? errorType
            : update.Patch.TryGetValue("$.error.code"u8, out string? code) ? code
            : null;
        return JsonSerializer.Serialize(new { error = new { type } });
    }
#pragma warning restore SCME0001

    private static List<ChatMessage> BuildMessages(AgentModelRequest request)
    {
        var messages = new List<ChatMessage>(request.Messages.Count + 1);
        if (request.SystemPrompt.Length > 0)
        {
            messages.Add(new SystemChatMessage(request.SystemPrompt));
        }

        foreach (var message in request.Messages)
        {
            if (message.Role == AgentMessageRole.Assistant)
            {
                messages.Add(BuildAssistantMessage(message));
                continue;
            }

            // Chat completions put each tool result in its own "tool" message and the person's text in a "user" message.
            var text = new StringBuilder();
            foreach (var content in message.Content)
            {
                switch (content)
                {
                    case AgentToolResultContent result:
                        messages.Add(new ToolChatMessage(result.ToolCallId, result.IsError ? $"Error: {result.Output}" : result.Output));
                        break;
                    case AgentTextContent part:
                        text.Append(part.Text);
                        break;
                    default:
                        throw new ArgumentException($"A user message cannot hold {content.GetType().Name}.", nameof(request));
                }
            }

            if (text.Length > 0)
            {
                messages.Add(new UserChatMessage(text.ToString()));
            }
        }

        return messages;
    }

    private static AssistantChatMessage BuildAssistantMessage(AgentMessage message)
    {
        var text = new StringBuilder();
        var calls = new List<ChatToolCall>();
        foreach (var content in message.Content)
        {
            switch (content)
            {
                case AgentTextContent part:
                    text.Append(part.Text);
                    break;
                case AgentToolCallContent call:
                    calls.Add(ChatToolCall.CreateFunctionToolCall(call.Id, call.Name, BinaryData.FromString(string.IsNullOrWhiteSpace(call.InputJson) ? "{}" : call.InputJson)));
                    break;
                default:
                    throw new ArgumentException($"An assistant message cannot hold {content.GetType().Name}.", nameof(message));
            }
        }

        if (calls.Count == 0)
        {
            return new AssistantChatMessage(text.ToString());
        }

        var assistant = new AssistantChatMessage(calls);
        if (text.Length > 0)
        {
            assistant.Content.Add(ChatMessageContentPart.CreateTextPart(text.ToString()));
        }

        return assistant;
    }

    private static ChatCompletionOptions BuildOptions(AgentModelRequest request)
    {
        var options = new ChatCompletionOptions { MaxOutputTokenCount = request.MaxOutputTokens };
        foreach (var tool in request.Tools)
        {
            options.Tools.Add(ChatTool.CreateFunctionTool(tool.Name, tool.Description, BinaryData.FromString(tool.InputSchemaJson)));
        }

        return options;
    }

    private static string? ReadBody(ClientResultException e)
    {
        try
        {
            var response = e.GetRawResponse();
            return response?.Content.ToString() ?? e.Message;
        }
        catch (InvalidOperationException)
        {
            return e.Message;
        }
    }

    private sealed class ToolCallFragments
    {
        public string? Id { get; set; }

        public string? Name { get; set; }

        public StringBuilder Arguments { get; } = new();
    }
}
