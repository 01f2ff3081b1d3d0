namespace Vibe.Hosting.Tests.Grains;

/// <summary>A grain subscribed to the memory stream ("notes", its own key): the subscription lives in the pub-sub store.</summary>
[Alias("Vibe.Hosting.Tests.IListenerGrain")]
public interface IListenerGrain : IGrainWithStringKey
{
    /// <summary>Subscribes to the stream.</summary>
    [Alias("Listen")]
    Task Listen();

    /// <summary>What this activation received.</summary>
    [Alias("Heard")]
    Task<List<string>> Heard();
}
