namespace Vibe.Grains.Agents.Models;

/// <summary>One AI provider behind the wire protocol it speaks: a request in, the model's streamed answer out.</summary>
public interface IAgentModelClient
{
    /// <summary>
    /// Sends <paramref name="request"/> and yields the answer as it streams: text deltas, each complete tool call, the usage,
    /// and <see cref="AgentModelStop"/> last. Provider failures throw <see cref="AgentModelException"/>; cancellation throws
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    IAsyncEnumerable<AgentModelEvent> StreamAsync(AgentModelRequest request, CancellationToken ct);
}
