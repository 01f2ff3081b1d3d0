namespace Vibe.Hosting.Tests.Grains;

/// <summary>The state of a <see cref="TickGrain"/>.</summary>
[GenerateSerializer]
[Alias("Vibe.Hosting.Tests.TickState")]
public sealed class TickState
{
    /// <summary>How many reminder ticks the grain received, over all its activations.</summary>
    [Id(0)]
    public int Ticks { get; set; }
}
