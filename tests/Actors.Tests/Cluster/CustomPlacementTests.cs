using Vibe.Actors.Testing;
using Vibe.Actors.Tests.Grains;

namespace Vibe.Actors.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class CustomPlacementTests
{
    [Fact]
    public async Task A_custom_placement_director_decides_where_its_grains_activate()
    {
        await using var cluster = await TestCluster.StartAsync(3, silo => silo.AddPlacementDirector<FirstSiloPlacement, FirstSiloPlacementDirector>());
        var first = cluster.Silos.Select(s => s.Address).Order(StringComparer.Ordinal).First();

        var placed = await Task.WhenAll(cluster.Silos.SelectMany(s => Enumerable.Range(0, 20).Select(i => s.GrainFactory.GetGrain<IFirstSiloGrain>($"custom-{s.Name}-{i}").Silo())));

        Assert.All(placed, silo => Assert.Equal(first, silo));
    }

    [Fact]
    public async Task Activation_count_placement_prefers_the_emptier_silo()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        var busy = cluster.Silos[0];
        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => busy.GrainFactory.GetGrain<ILocalFirstGrain>($"load-{i}").Silo()));
        await Eventually.Until(() => cluster.Silos[0].ReportedLoadOf(cluster.Silos[1]) is >= 0 && busy.ReportedLoadOf(busy) >= 300, "the busy silo's load to be reported");

        var placed = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => busy.GrainFactory.GetGrain<ICountPlacedGrain>($"counted-{i}").Silo()));

        // Two random choices, the emptier wins: the empty silo gets about three in four.
        var toEmptier = placed.Count(s => s == cluster.Silos[1].Address);
        Assert.True(toEmptier >= 35, $"only {toEmptier} of 60 went to the emptier silo");
    }
}
