using Vibe.Grains.Agents;

namespace Vibe.WebFront.Hubs;

/// <summary>The AI agent's part of the fan-out: one subscription per watched workspace to its agent events, one to its provider changes.</summary>
internal sealed partial class StreamFanOut
{
    /// <summary>Adds the connection to the workspace's agent group, subscribing to its agent events and provider changes if it is the first watcher.</summary>
    public Task JoinAgentAsync(string connectionId, string workspaceId) =>
        JoinAsync(connectionId, HubGroups.Agent(workspaceId), feed => SubscribeAllAsync(
            feed,
            subscriptions => SubscribeAsync<AgentRunEvent>(feed, subscriptions, AgentStreams.Events, workspaceId, agentEvent => new HubEvent(HubClientMethods.AgentEvent, agentEvent)),
            subscriptions => SubscribeAsync<AgentProviderChanged>(feed, subscriptions, AgentStreams.ProviderChanges, workspaceId, changed => new HubEvent(HubClientMethods.AgentProviderChanged, changed))));

    public Task LeaveAgentAsync(string connectionId, string workspaceId) => LeaveAsync(connectionId, HubGroups.Agent(workspaceId));
}
