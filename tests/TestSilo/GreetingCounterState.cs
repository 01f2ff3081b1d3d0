namespace Vibe.TestSilo;

/// <summary>What <see cref="GreetingCounterGrain"/> persists.</summary>
internal sealed class GreetingCounterState
{
    public int Count { get; set; }
}
