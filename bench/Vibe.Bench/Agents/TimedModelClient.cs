using System.Diagnostics;
using System.Runtime.CompilerServices;
using Vibe.Grains.Agents.Models;

namespace Vibe.Bench.Agents;

/// <summary>
/// One run's model client, timed: when a response that called a tool has ended (its last event handed to the run), the
/// next request closes the step on the <see cref="StepClock"/>. The real client (HTTP to the fake server) does the rest.
/// </summary>
internal sealed class TimedModelClient(IAgentModelClient inner, StepClock clock) : IAgentModelClient
{
    private long _endedAt;
    private string? _calledTool;

    public async IAsyncEnumerable<AgentModelEvent> StreamAsync(AgentModelRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        var requestedAt = Stopwatch.GetTimestamp();
        if (_calledTool is { } tool)
        {
            clock.Record(tool, _endedAt, requestedAt);
            _calledTool = null;
        }
        else
        {
            clock.Discard();
        }

        await foreach (var modelEvent in inner.StreamAsync(request, ct))
        {
            if (modelEvent is AgentToolCall call)
            {
                _calledTool = call.Name;
            }

            // The stop is the response's last event: the step starts once the run has it.
            _endedAt = Stopwatch.GetTimestamp();
            yield return modelEvent;
        }
    }
}
