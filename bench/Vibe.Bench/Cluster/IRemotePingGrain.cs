namespace Vibe.Bench.Cluster;

/// <summary>The smallest grain call: one int in, one int out.</summary>
[Alias("Vibe.Bench.Cluster.IRemotePingGrain")]
public interface IRemotePingGrain : IGrainWithStringKey
{
    [Alias("Ping")]
    ValueTask<int> Ping(int value);
}
