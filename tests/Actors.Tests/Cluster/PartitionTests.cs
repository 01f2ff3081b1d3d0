using Vibe.Actors.Testing;
using Vibe.Actors.Tests.Grains;

namespace Vibe.Actors.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class PartitionTests
{
    [Fact]
    public async Task A_cut_off_silo_is_declared_dead_stops_itself_and_its_grains_live_only_on_the_majority_side()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var majority = cluster.Silos[0];
        var cutOff = cluster.Silos[2];
        var grains = Enumerable.Range(0, 120).Select(i => majority.GrainFactory.GetGrain<ILocatedGrain>($"p{i}")).ToArray();
        await Task.WhenAll(grains.Select(g => g.Add(1)));
        var before = await Task.WhenAll(grains.Select(g => g.Where()));
        Assert.Contains(before, l => l.Silo == cutOff.Address);

        cluster.Partition(cutOff);

        await Eventually.Until(() => !cutOff.IsServing, "the cut-off silo to read itself dead and stop", TimeSpan.FromSeconds(20));
        Assert.Equal(0, cutOff.ActivationCount); // nothing stays active on the minority side
        cluster.Forget(cutOff);
        await cluster.WaitForLivenessToStabilizeAsync();
        await Eventually.Succeeds(() => Task.WhenAll(grains.Select(g => g.Where())), "every grain to answer on the majority side");

        var after = await Task.WhenAll(grains.Select(g => g.Where()));
        Assert.DoesNotContain(after, l => l.Silo == cutOff.Address);
        Assert.All(await Task.WhenAll(grains.Select(g => g.Total())), t => Assert.Equal(1, t));
    }
}
