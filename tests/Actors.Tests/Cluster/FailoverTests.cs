using System.Diagnostics;
using Vibe.Actors.Hosting;
using Vibe.Actors.Testing;
using Vibe.Actors.Tests.Grains;

namespace Vibe.Actors.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class FailoverTests
{
    [Fact]
    public async Task After_a_silo_is_killed_every_grain_answers_again_with_its_persisted_state()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var factory = cluster.Silos[0].GrainFactory;
        var grains = Enumerable.Range(0, 300).Select(i => factory.GetGrain<ILocatedGrain>($"f{i}")).ToArray();
        await Task.WhenAll(grains.Select(g => g.Add(3)));
        var victim = cluster.Silos[2];
        var onVictim = (await Task.WhenAll(grains.Select(g => g.Where()))).Count(l => l.Silo == victim.Address);
        Assert.True(onVictim > 0, "some grains should live on the silo about to be killed");

        var watch = Stopwatch.StartNew();
        await cluster.KillSiloAsync(victim);
        await Eventually.Succeeds(() => Task.WhenAll(grains.Select(g => g.Where())), "every grain to answer after the kill");
        var recovery = watch.Elapsed;

        var totals = await Task.WhenAll(grains.Select(g => g.Total()));
        Assert.All(totals, t => Assert.Equal(3, t));
        var locations = await Task.WhenAll(grains.Select(g => g.Where()));
        Assert.DoesNotContain(locations, l => l.Silo == victim.Address);
        Assert.True(recovery < TimeSpan.FromSeconds(5), $"recovery took {recovery} with test timings");
        await cluster.WaitForLivenessToStabilizeAsync();
        Assert.Equal(2, cluster.Silos[0].ActiveSilos.Count);
    }

    [Fact]
    public async Task A_graceful_stop_moves_nothing_into_error()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var factory = cluster.Silos[0].GrainFactory;
        var grains = Enumerable.Range(0, 200).Select(i => factory.GetGrain<ILocatedGrain>($"s{i}")).ToArray();
        await Task.WhenAll(grains.Select(g => g.Add(1)));
        using var stop = new CancellationTokenSource();
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var calls = 0;
        var load = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await grains[Random.Shared.Next(grains.Length)].Where();
                    Interlocked.Increment(ref calls);
                }
                catch (Exception ex)
                {
                    errors.Enqueue($"{ex.GetType().Name}: {ex.Message}");
                }
            }
        });

        await cluster.StopSiloAsync(cluster.Silos[2]);
        await cluster.WaitForLivenessToStabilizeAsync();
        await Task.WhenAll(grains.Select(g => g.Where()));
        stop.Cancel();
        await load;

        Assert.True(errors.IsEmpty, string.Join("\n", errors));
        Assert.True(calls > 0);
        Assert.All(await Task.WhenAll(grains.Select(g => g.Total())), t => Assert.Equal(1, t));
    }

    [Fact]
    public async Task A_reminder_keeps_firing_after_the_silo_that_ran_it_dies()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var grain = cluster.Silos[0].GrainFactory.GetGrain<IReminderGrain>("survivor");
        await grain.Register("tick", 150);
        await Eventually.Until(async () => await grain.Received() >= 1, "the first tick");

        // Kill whichever silo does not host the caller's factory; the reminder's owner may be any of them.
        await cluster.KillSiloAsync(cluster.Silos[1]);
        await cluster.KillSiloAsync(cluster.Silos[1]);
        var survivor = cluster.Silos[0].GrainFactory.GetGrain<IReminderGrain>("survivor");
        var before = await Eventually.Succeeds(() => survivor.Received(), "the grain to answer again on the last silo");

        await Eventually.Until(async () => await Eventually.Succeeds(() => survivor.Received(), "a tick count") >= before + 2, "ticks on the last silo", TimeSpan.FromSeconds(20));
        await cluster.WaitForLivenessToStabilizeAsync();
        Assert.Single(cluster.Silos[0].ActiveSilos);
    }
    [Fact]
    public async Task A_silo_with_a_role_hosts_only_grains_placed_on_that_role()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        var web = await cluster.StartAdditionalSiloAsync(s => s.Configure<ClusterOptions>(o => o.Role = "web"));
        await cluster.WaitForLivenessToStabilizeAsync();

        var general = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => web.GrainFactory.GetGrain<ILocatedGrain>($"r{i}").Where()));
        Assert.DoesNotContain(general, l => l.Silo == web.Address);
        Assert.Equal("web", await cluster.GrainFactory.GetGrain<IWebOnlyGrain>("w").Role());
    }
}
