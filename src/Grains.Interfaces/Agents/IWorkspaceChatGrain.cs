namespace Vibe.Grains.Interfaces.Agents;

/// <summary>
/// The AI panel's conversations of one workspace (key: the workspace id): threads, who asked what, and their runs. One run
/// goes at a time per workspace unless configured otherwise; a second StartRun meanwhile throws <see cref="AgentBusyException"/>.
/// </summary>
[Alias("Vibe.IWorkspaceChatGrain")]
public interface IWorkspaceChatGrain : IGrainWithStringKey
{
    Task<ChatThreadInfo> CreateThread(string title, string userId);

    Task<IReadOnlyList<ChatThreadInfo>> ListThreads();

    /// <summary>Starts a run in the thread (ArgumentException when the thread does not exist) and returns it as it begins.</summary>
    Task<AgentRunInfo> StartRun(AgentRunRequest request);

    /// <summary>The runs of a thread, oldest first, each with its events.</summary>
    Task<IReadOnlyList<AgentRunInfo>> GetThreadRuns(string threadId);

    /// <summary>Called by a run when it ends, so the next may start.</summary>
    Task RunEnded(string runId);
}
