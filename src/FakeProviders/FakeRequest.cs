using System.Text.Json;

namespace Vibe.FakeProviders;

/// <summary>A request the fake server received, with its parsed JSON body, so tests assert what the model was sent.</summary>
public sealed class FakeRequest(FakeProtocol protocol, JsonElement body)
{
    /// <summary>The protocol it came in on.</summary>
    public FakeProtocol Protocol { get; } = protocol;

    /// <summary>The request body as sent.</summary>
    public JsonElement Body { get; } = body;

    /// <summary>The model asked for.</summary>
    public string? Model => Body.TryGetProperty("model", out var model) ? model.GetString() : null;

    /// <summary>The names of the tools offered.</summary>
    public IReadOnlyList<string> ToolNames
    {
        get
        {
            var names = new List<string>();
            if (!Body.TryGetProperty("tools", out var tools) || tools.ValueKind != JsonValueKind.Array)
            {
                return names;
            }

            foreach (var tool in tools.EnumerateArray())
            {
                var named = Protocol == FakeProtocol.OpenAI && tool.TryGetProperty("function", out var function) ? function : tool;
                if (named.TryGetProperty("name", out var name))
                {
                    names.Add(name.GetString() ?? "");
                }
            }

            return names;
        }
    }

    /// <summary>Every tool result in the request's messages, in order, whichever protocol carried it.</summary>
    public IReadOnlyList<FakeToolResult> ToolResults()
    {
        var results = new List<FakeToolResult>();
        foreach (var message in Body.GetProperty("messages").EnumerateArray())
        {
            var role = message.GetProperty("role").GetString();
            if (Protocol == FakeProtocol.OpenAI)
            {
                if (role == "tool")
                {
                    results.Add(new FakeToolResult(message.GetProperty("tool_call_id").GetString() ?? "", TextOf(message.GetProperty("content")), false));
                }

                continue;
            }

            if (role != "user" || message.GetProperty("content").ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var block in message.GetProperty("content").EnumerateArray())
            {
                if (block.GetProperty("type").GetString() == "tool_result")
                {
                    var content = block.TryGetProperty("content", out var c) ? TextOf(c) : "";
                    var isError = block.TryGetProperty("is_error", out var e) && e.ValueKind == JsonValueKind.True;
                    results.Add(new FakeToolResult(block.GetProperty("tool_use_id").GetString() ?? "", content, isError));
                }
            }
        }

        return results;
    }

    /// <summary>The text of a content value: a string, or the concatenated text parts of an array.</summary>
    private static string TextOf(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString() ?? "";
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return "";
        }

        var text = new System.Text.StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.TryGetProperty("text", out var t))
            {
                text.Append(t.GetString());
            }
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Protocol} {Body}";
}
