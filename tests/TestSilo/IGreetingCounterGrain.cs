namespace Vibe.TestSilo;

/// <summary>A test grain keyed by a name: counts how often that name was greeted and keeps the count across restarts.</summary>
[Alias("Vibe.IGreetingCounterGrain")]
public interface IGreetingCounterGrain : IGrainWithStringKey
{
    /// <summary>Greets the name once more and returns how many times it has been greeted, this time included.</summary>
    Task<int> Greet();
}
