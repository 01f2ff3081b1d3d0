namespace Vibe.Grains.Agents;

/// <summary>What <see cref="WorkspaceChatGrain"/> persists: the threads and which runs are going.</summary>
internal sealed class WorkspaceChatState
{
    public List<ChatThreadState> Threads { get; set; } = [];

    /// <summary>Runs started and not yet reported ended, oldest first.</summary>
    public List<string> RunningRunIds { get; set; } = [];
}
