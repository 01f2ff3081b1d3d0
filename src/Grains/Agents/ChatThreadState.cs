using Vibe.Grains.Interfaces.Agents;

namespace Vibe.Grains.Agents;

/// <summary>One persisted chat thread.</summary>
internal sealed class ChatThreadState
{
    public string ThreadId { get; set; } = "";

    public string Title { get; set; } = "";

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public List<string> RunIds { get; set; } = [];

    public ChatThreadInfo ToInfo() => new(ThreadId, Title, CreatedBy, CreatedAt, [.. RunIds]);
}
