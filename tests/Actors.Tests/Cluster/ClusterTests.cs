using System.Collections.Concurrent;
using Vibe.Actors.Testing;
using Vibe.Actors.Tests.Grains;

namespace Vibe.Actors.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class ClusterTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(3);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_thousand_grains_called_from_every_silo_each_exist_once()
    {
        var seen = new ConcurrentDictionary<string, ConcurrentBag<GrainLocation>>();

        await Task.WhenAll(_cluster.Silos.Select(silo => Task.WhenAll(Enumerable.Range(0, 1000).Select(async i =>
        {
            var location = await silo.GrainFactory.GetGrain<ILocatedGrain>($"g{i}").Where();
            seen.GetOrAdd($"g{i}", _ => []).Add(location);
        }))));

        Assert.Equal(1000, seen.Count);
        foreach (var (key, locations) in seen)
        {
            Assert.True(locations.Distinct().Count() == 1, $"{key} was seen in {locations.Distinct().Count()} activations: {string.Join(", ", locations.Distinct())}");
        }

        var perSilo = seen.Values.Select(l => l.First().Silo).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(3, perSilo.Count); // random placement spreads them over every silo
    }

    [Fact]
    public async Task Grains_call_grains_on_other_silos_and_results_come_back()
    {
        var a = _cluster.Silos[0].GrainFactory.GetGrain<ILocatedGrain>("caller");
        var others = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => a.WhereIs($"callee{i}")));

        Assert.True(others.Select(o => o.Silo).Distinct().Count() > 1, "callees should be spread over several silos");
        Assert.Equal(5, await _cluster.Silos[2].GrainFactory.GetGrain<ILocatedGrain>("adder").Add(5));
        Assert.Equal(7, await _cluster.Silos[1].GrainFactory.GetGrain<ILocatedGrain>("adder").Add(2));
    }

    [Fact]
    public async Task A_call_cycle_across_silos_fails_with_a_deadlock_error()
    {
        // Place the two grains on different silos by trying keys until they land apart.
        var factory = _cluster.GrainFactory;
        string a = "cycle-a", b = "cycle-b";
        for (var i = 0; (await factory.GetGrain<ILocatedGrain>(a).Where()).Silo == (await factory.GetGrain<ILocatedGrain>(b).Where()).Silo; i++)
        {
            b = $"cycle-b{i}";
        }

        var ex = await Assert.ThrowsAsync<DeadlockException>(() => factory.GetGrain<ILocatedGrain>(a).CallAround(b));

        Assert.Contains("Deadlock", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exception_in_a_remote_grain_reaches_the_caller_with_its_type_and_message()
    {
        var factory = _cluster.GrainFactory;
        var silo0 = _cluster.Silos[0].Address;
        var key = "remote-thrower";
        for (var i = 0; (await factory.GetGrain<ILocatedGrain>(key).Where()).Silo == silo0; i++)
        {
            key = $"remote-thrower{i}";
        }

        var counter = factory.GetGrain<ICounterGrain>(key);
        await counter.Add(1);
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => counter.Fail("remote boom"));

        Assert.Equal("remote boom", ex.Message);
    }

    [Fact]
    public async Task Hash_based_placement_puts_a_grain_where_its_hash_says_whoever_calls()
    {
        var locations = await Task.WhenAll(_cluster.Silos.Select(s => s.GrainFactory.GetGrain<IPinnedGrain>("pinned").Silo()));

        Assert.Single(locations.Distinct());
    }

    [Fact]
    public async Task Prefer_local_placement_activates_on_the_calling_silo()
    {
        foreach (var silo in _cluster.Silos)
        {
            Assert.Equal(silo.Address, await silo.GrainFactory.GetGrain<ILocalFirstGrain>($"local-{silo.Name}").Silo());
        }
    }

    [Fact]
    public async Task A_silo_joining_later_takes_its_share_of_new_activations()
    {
        var late = await _cluster.StartAdditionalSiloAsync();
        await _cluster.WaitForLivenessToStabilizeAsync();

        var locations = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => _cluster.GrainFactory.GetGrain<ILocatedGrain>($"late{i}").Where()));

        var onLate = locations.Count(l => l.Silo == late.Address);
        Assert.InRange(onLate, 40, 200); // about a quarter of 400
    }
}
