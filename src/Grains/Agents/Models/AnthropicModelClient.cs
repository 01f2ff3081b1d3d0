using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Anthropic;
using Anthropic.Core;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using Vibe.Grains.Interfaces.Agents;

namespace Vibe.Grains.Agents.Models;

/// <summary>The Anthropic Messages API through the official SDK: streamed text, tool_use blocks with streamed input, usage.</summary>
internal sealed class AnthropicModelClient : IAgentModelClient
{
    private readonly AgentProviderSettings _settings;
    private readonly AnthropicClient _client;

    public AnthropicModelClient(AgentProviderSettings settings, HttpClient httpClient, AgentModelOptions options)
    {
        _settings = settings;
        var clientOptions = new ClientOptions
        {
            ApiKey = settings.ApiKey,
            HttpClient = httpClient,
            MaxRetries = options.MaxRetries,
            Timeout = options.RequestTimeout,
        };
        if (settings.Endpoint is not null)
        {
            clientOptions.BaseUrl = settings.Endpoint.ToString().TrimEnd('/');
        }

        _client = new AnthropicClient(clientOptions);
    }

    public async IAsyncEnumerable<AgentModelEvent> StreamAsync(AgentModelRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = BuildParameters(request);

        // Tool input arrives as JSON fragments per content block index; a block's call is complete at content_block_stop.
        var toolBlocks = new Dictionary<long, (string Id, string Name, StringBuilder Input)>();
        long inputTokens = 0, outputTokens = 0;
        string? stopReason = null;
        var stopped = false;
        var started = false;

        await using var events = _client.Messages.CreateStreaming(parameters, ct).GetAsyncEnumerator(ct);
        while (true)
        {
            RawMessageStreamEvent streamEvent;
            try
            {
                if (!await events.MoveNextAsync())
                {
                    break;
                }

                streamEvent = events.Current;
                started = true;
            }
            catch (AnthropicApiException e)
            {
                throw AgentModelErrors.FromStatus(_settings, e.StatusCode, e.ResponseBody);
            }
            catch (AnthropicIOException e) when (!ct.IsCancellationRequested)
            {
                throw AgentModelErrors.FromFailure(_settings, started ? "broke off its answer" : "could not be reached", e);
            }
            catch (AnthropicSseException e) when (!ct.IsCancellationRequested)
            {
                throw AgentModelErrors.FromStreamedError(_settings, e.Message);
            }
            catch (AnthropicException e) when (!ct.IsCancellationRequested)
            {
                throw AgentModelErrors.FromFailure(_settings, "sent an answer that could not be read", e);
            }
            catch (HttpRequestException e) when (!ct.IsCancellationRequested)
            {
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

            stopped |= streamEvent.TryPickStop(out _);
            AgentModelEvent? output = null;
            try
            {
                output = Translate(streamEvent, toolBlocks, ref inputTokens, ref outputTokens, ref stopReason);
            }
            catch (AnthropicException e)
            {
                throw AgentModelErrors.FromFailure(_settings, "sent an event that could not be read", e);
            }

            if (output is not null)
            {
                yield return output;
            }
        }

        // Every complete answer ends with message_stop; without it the stream was cut off.
        if (!stopped)
        {
            throw new AgentModelException($"The AI provider ({_settings}) broke off its answer (the stream ended without message_stop): try again.");
        }

        yield return new AgentUsage(inputTokens, outputTokens);
        yield return new AgentModelStop(stopReason ?? AgentStopReasons.EndTurn);
    }

    private static AgentModelEvent? Translate(
        RawMessageStreamEvent streamEvent,
        Dictionary<long, (string Id, string Name, StringBuilder Input)> toolBlocks,
        ref long inputTokens,
        ref long outputTokens,
        ref string? stopReason)
    {
        if (streamEvent.TryPickStart(out var start))
        {
            var usage = start.Message.Usage;
            inputTokens = usage.InputTokens + (usage.CacheCreationInputTokens ?? 0) + (usage.CacheReadInputTokens ?? 0);
            outputTokens = usage.OutputTokens;
        }
        else if (streamEvent.TryPickContentBlockStart(out var blockStart))
        {
            if (blockStart.ContentBlock.TryPickToolUse(out var toolUse))
            {
                toolBlocks[blockStart.Index] = (toolUse.ID, toolUse.Name, new StringBuilder());
            }
        }
        else if (streamEvent.TryPickContentBlockDelta(out var blockDelta))
        {
            if (blockDelta.Delta.TryPickText(out var text))
            {
                return text.Text.Length == 0 ? null : new AgentTextDelta(text.Text);
            }

            if (blockDelta.Delta.TryPickInputJson(out var inputJson) && toolBlocks.TryGetValue(blockDelta.Index, out var block))
            {
                block.Input.Append(inputJson.PartialJson);
            }
        }
        else if (streamEvent.TryPickContentBlockStop(out var blockStop))
        {
            if (toolBlocks.Remove(blockStop.Index, out var block))
            {
                var input = block.Input.Length == 0 ? "{}" : block.Input.ToString();
                return new AgentToolCall(block.Id, block.Name, input);
            }
        }
        else if (streamEvent.TryPickDelta(out var messageDelta))
        {
            // message_delta carries the cumulative output tokens (and, on some models, the final input count).
            outputTokens = messageDelta.Usage.OutputTokens;
            if (messageDelta.Usage.InputTokens is { } total)
            {
                inputTokens = total + (messageDelta.Usage.CacheCreationInputTokens ?? 0) + (messageDelta.Usage.CacheReadInputTokens ?? 0);
            }

            if (messageDelta.Delta.StopReason is { } reason)
            {
                stopReason = reason.Raw();
            }
        }

        return null;
    }

    private MessageCreateParams BuildParameters(AgentModelRequest request)
    {
        var messages = new List<MessageParam>(request.Messages.Count);
        foreach (var message in request.Messages)
        {
            var blocks = new List<ContentBlockParam>(message.Content.Count);
            foreach (var content in message.Content)
            {
                blocks.Add(content switch
                {
                    AgentTextContent text => new TextBlockParam(text.Text),
                    AgentToolCallContent call => new ToolUseBlockParam { ID = call.Id, Name = call.Name, Input = ParseObject(call.InputJson, "tool call input") },
                    AgentToolResultContent result => new ToolResultBlockParam(result.ToolCallId) { Content = result.Output, IsError = result.IsError },
                    _ => throw new ArgumentException($"Unsupported message content {content.GetType().Name}.", nameof(request)),
                });
            }

            messages.Add(new MessageParam
            {
                Role = message.Role == AgentMessageRole.User ? Role.User : Role.Assistant,
                Content = blocks,
            });
        }

        var tools = new List<ToolUnion>(request.Tools.Count);
        foreach (var tool in request.Tools)
        {
            tools.Add(new Tool
            {
                Name = tool.Name,
                Description = tool.Description,
                InputSchema = InputSchema.FromRawUnchecked(ParseObject(tool.InputSchemaJson, $"input schema of tool {tool.Name}")),
            });
        }

        var parameters = new MessageCreateParams
        {
            Model = _settings.Model,
            MaxTokens = request.MaxOutputTokens,
            Messages = messages,
        };
        if (request.SystemPrompt.Length > 0)
        {
            parameters = parameters with { System = request.SystemPrompt };
        }

        if (tools.Count > 0)
        {
            parameters = parameters with { Tools = tools };
        }

        return parameters;
    }

    private static Dictionary<string, JsonElement> ParseObject(string json, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(string.IsNullOrWhiteSpace(json) ? "{}" : json)
                ?? throw new ArgumentException($"The {what} must be a JSON object, not null.");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The {what} is not a JSON object: {e.Message}", e);
        }
    }
}
