using System.Text.Json;

namespace Vibe.TestSupport;

/// <summary>Something the Node hub client reported: a hub event a connection received, a closed connection, or a line a spawned process printed.</summary>
public sealed record HubClientEvent(JsonElement Message)
{
    /// <summary>"status", "log", "terminalOutput", "terminalExited", "closed", "line" or "exited".</summary>
    public string Kind => Message.GetProperty("event").GetString()!;

    /// <summary>The connection that received a hub event.</summary>
    public string? Client => Message.TryGetProperty("client", out var client) ? client.GetString() : null;

    /// <summary>The spawned process a line came from.</summary>
    public string? Name => Message.TryGetProperty("name", out var name) ? name.GetString() : null;

    /// <summary>The hub event's argument.</summary>
    public JsonElement Arg => Message.GetProperty("arg");

    /// <summary>A spawned process's line.</summary>
    public string? Text => Message.TryGetProperty("text", out var text) ? text.GetString() : null;

    /// <summary>When the client received it: Unix time in milliseconds, with microseconds.</summary>
    public double At => Message.GetProperty("at").GetDouble();

    public bool Is(string kind, string client) => Kind == kind && Client == client;
}
