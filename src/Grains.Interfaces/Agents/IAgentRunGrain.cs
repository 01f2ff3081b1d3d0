using Orleans.Concurrency;

namespace Vibe.Grains.Interfaces.Agents;

/// <summary>
/// One AI agent run, keyed <c>"{workspaceId}/{runId}"</c>: one request and the tool loop until the model stops, a limit is
/// reached or someone cancels. Started by <see cref="IWorkspaceChatGrain.StartRun"/>. Its events go out on
/// <see cref="AgentStreams.Events"/> (key: the workspace id) as they happen and are kept with the run, which is persisted.
/// </summary>
[Alias("Vibe.IAgentRunGrain")]
public interface IAgentRunGrain : IGrainWithStringKey
{
    /// <summary>Begins the run in the background and returns its info at once. Called once, by the workspace's chat grain.</summary>
    Task<AgentRunInfo> Start(AgentRunRequest request);

    /// <summary>Stops the loop and any command it is running; returns once the run has ended. A no-op once it has.</summary>
    [AlwaysInterleave]
    Task<AgentRunInfo> Cancel();

    /// <summary>The run so far, with all its events.</summary>
    [AlwaysInterleave]
    Task<AgentRunInfo> GetInfo();

    /// <summary>
    /// Restores the files the run changed, through the document grains, unless someone has since edited the same lines.
    /// Interleaves so a revert asked for while the run still goes is refused at once rather than waiting behind it.
    /// </summary>
    [AlwaysInterleave]
    Task<AgentRevertResult> Revert(string userId, string userName);
}
