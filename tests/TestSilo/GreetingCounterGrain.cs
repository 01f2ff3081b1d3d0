using Vibe.Grains.Placement;

namespace Vibe.TestSilo;

/// <summary>Counts greetings per name in the default grain storage; every greeting is written before it is acknowledged.</summary>
[GrainSiloPlacementFilter]
internal sealed class GreetingCounterGrain(
    [PersistentState("greetings")] IPersistentState<GreetingCounterState> greetings) : Grain, IGreetingCounterGrain
{
    public async Task<int> Greet()
    {
        greetings.State.Count++;
        try
        {
            await greetings.WriteStateAsync();
        }
        catch
        {
            // Unsaved greetings are not counted: the caller sees the failure and may greet again.
            greetings.State.Count--;
            throw;
        }

        return greetings.State.Count;
    }
}
