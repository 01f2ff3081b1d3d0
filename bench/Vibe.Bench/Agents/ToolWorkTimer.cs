using System.Diagnostics;
using Vibe.Grains.Interfaces.Agents;
using Vibe.Grains.Interfaces.Documents;
using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.Bench.Agents;

/// <summary>
/// Times, on the <see cref="StepClock"/>, the calls an agent run makes that the benchmark's direct baseline makes too:
/// <see cref="IDocumentGrain.ReplaceText"/> (write_file) and <see cref="IWorkspaceGrain.Exec"/> (run_command), each from
/// the call to its answer reaching the run, as the baseline times its own calls from outside.
/// </summary>
internal sealed class ToolWorkTimer(StepClock clock) : IOutgoingGrainCallFilter
{
    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.SourceContext?.GrainInstance is not IAgentRunGrain || !IsBaselineWork(context))
        {
            await context.Invoke();
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await context.Invoke();
        }
        finally
        {
            clock.AddWork(Stopwatch.GetElapsedTime(started));
        }
    }

    private static bool IsBaselineWork(IOutgoingGrainCallContext context) => (context.Grain, context.InterfaceMethod?.Name) switch
    {
        (IDocumentGrain, nameof(IDocumentGrain.ReplaceText)) => true,
        (IWorkspaceGrain, nameof(IWorkspaceGrain.Exec)) => true,
        _ => false,
    };
}
