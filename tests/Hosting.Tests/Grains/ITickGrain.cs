namespace Vibe.Hosting.Tests.Grains;

/// <summary>A grain that counts the ticks of one reminder in its persistent state.</summary>
[Alias("Vibe.Hosting.Tests.ITickGrain")]
public interface ITickGrain : IGrainWithStringKey
{
    /// <summary>Registers the reminder: first tick after <paramref name="period"/>, then every <paramref name="period"/>.</summary>
    [Alias("Start")]
    Task Start(TimeSpan period);

    /// <summary>Unregisters the reminder.</summary>
    [Alias("Stop")]
    Task Stop();

    /// <summary>The ticks counted so far.</summary>
    [Alias("Ticks")]
    Task<int> Ticks();
}
