using Vibe.Grains.Interfaces.Agents;
using Vibe.Streams.Kafka;

namespace Vibe.WebFront.Hubs;

/// <summary>The AI agent's part of the fan-out: one subscription per watched workspace to its agent events, one to its provider changes.</summary>
internal sealed partial class StreamFanOut
{
    /// <summary>
    /// Adds the connection to the workspace's agent group, subscribing to its agent events and provider changes if it is the
    /// first watcher; with <paramref name="since"/>, its agent events resume after that token.
    /// </summary>
    public Task JoinAgentAsync(string connectionId, string workspaceId, KafkaSequenceToken? since = null)
    {
        static HubEvent ToEvent(AgentRunEvent agentEvent) => new(HubClientMethods.AgentEvent, agentEvent);
        return JoinAsync(
            connectionId,
            HubGroups.Agent(workspaceId),
            feed => SubscribeAllAsync(
                feed,
                subscriptions => SubscribeAsync<AgentRunEvent>(feed, subscriptions, AgentStreams.Events, workspaceId, ToEvent),
                subscriptions => SubscribeAsync<AgentProviderChanged>(feed, subscriptions, AgentStreams.ProviderChanges, workspaceId, changed => new HubEvent(HubClientMethods.AgentProviderChanged, changed))),
            ResumeOf<AgentRunEvent>(connectionId, since, AgentStreams.Events, workspaceId, ToEvent, new StreamResetEvent(workspaceId, StreamResetEvent.Agent)));
    }

    public Task LeaveAgentAsync(string connectionId, string workspaceId) => LeaveAsync(connectionId, HubGroups.Agent(workspaceId));
}
