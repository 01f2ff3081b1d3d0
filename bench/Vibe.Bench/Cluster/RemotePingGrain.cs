using Orleans.Placement;

namespace Vibe.Bench.Cluster;

/// <summary>Activated where it is first called, so the benchmark can put it on the silo it wants.</summary>
[PreferLocalPlacement]
internal sealed class RemotePingGrain : Grain, IRemotePingGrain
{
    public ValueTask<int> Ping(int value) => ValueTask.FromResult(value + 1);
}
