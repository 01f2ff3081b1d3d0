using System.Collections.Concurrent;
using Vibe.Actors.Streams;
using Vibe.Actors.Testing;
using Vibe.Actors.Tests.Grains;

namespace Vibe.Actors.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class ClusterStreamTests
{
    [Fact]
    public async Task A_plain_subscriber_on_one_silo_and_a_grain_on_another_receive_a_producer_on_a_third_in_order()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var (a, b, c) = (cluster.Silos[0], cluster.Silos[1], cluster.Silos[2]);
        var received = new ConcurrentQueue<int>();
        await a.Services.GetStreamProvider("default").GetStream<int>(StreamId.Create("events", "cross")).SubscribeAsync((item, _) =>
        {
            received.Enqueue(item);
            return Task.CompletedTask;
        });
        var consumer = c.GrainFactory.GetGrain<IClusterConsumerGrain>("cross-consumer");
        Assert.Equal(c.Address, await consumer.Subscribe("cross"));

        var producedOn = await b.GrainFactory.GetGrain<IClusterProducerGrain>("cross-producer").Produce("cross", 0, 2000);

        Assert.Equal(b.Address, producedOn);
        Assert.Equal(Enumerable.Range(0, 2000), received);
        Assert.Equal(2000, await consumer.Count());
        Assert.True(await consumer.InOrder());
    }

    [Fact]
    public async Task A_plain_subscription_survives_the_kill_of_the_producers_silo()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var (a, b) = (cluster.Silos[0], cluster.Silos[1]);
        var received = new ConcurrentQueue<int>();
        await a.Services.GetStreamProvider("default").GetStream<int>(StreamId.Create("events", "survive")).SubscribeAsync((item, _) =>
        {
            received.Enqueue(item);
            return Task.CompletedTask;
        });
        var producer = b.GrainFactory.GetGrain<IClusterProducerGrain>("survive-producer");
        Assert.Equal(b.Address, await producer.Produce("survive", 0, 100));

        await cluster.KillSiloAsync(b);
        var newSilo = await Eventually.Succeeds(
            () => a.GrainFactory.GetGrain<IClusterProducerGrain>("survive-producer").Produce("survive", 100, 100),
            "the producer to run again on a surviving silo");

        Assert.NotEqual(b.Address, newSilo);
        Assert.Equal(Enumerable.Range(0, 200), received);
    }
}
