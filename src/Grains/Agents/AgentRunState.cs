using Vibe.Grains.Interfaces.Agents;

namespace Vibe.Grains.Agents;

/// <summary>What <see cref="AgentRunGrain"/> persists: the run, its events and its file changes; never the provider settings.</summary>
internal sealed class AgentRunState
{
    public string? ThreadId { get; set; }

    public string UserId { get; set; } = "";

    public string UserName { get; set; } = "";

    public string Prompt { get; set; } = "";

    /// <summary>Null until the run is started.</summary>
    public AgentRunStatus? Status { get; set; }

    public string? Error { get; set; }

    public int Steps { get; set; }

    public long InputTokens { get; set; }

    public long OutputTokens { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public bool Reverted { get; set; }

    public List<AgentRunEvent> Events { get; set; } = [];

    /// <summary>Each file the run changed, in the order first touched: its text before that and after the run's last change.</summary>
    public List<AgentFileChange> Changes { get; set; } = [];
}
