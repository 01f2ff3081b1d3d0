using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Streams;
using Vibe.Streams.Kafka.Tests.Fixtures;

namespace Vibe.Streams.Kafka.Tests.Resume;

[Collection(KafkaCollection.Name)]
public sealed class ResumeTests(KafkaFixture fixture)
{
    private const string Namespace = "agent-events";

    [Fact]
    public async Task A_subscriber_that_resumes_from_a_token_gets_that_event_and_everything_after_it_with_no_gap()
    {
        await using var cluster = await StreamTestCluster.StartAsync(fixture.Kafka, silos: 2);
        var first = await StreamRecorder.SubscribeAsync(cluster.Client, Namespace, "run-1");
        await cluster.Client.GetGrain<IProducerGrain>("agent").Publish(Namespace, "run-1", 1, 20);
        await Eventually.Until(() => first.Received.Count == 20, "the first subscriber to receive 20 events", KafkaFixture.Patience);

        var lastSeen = first.Received[9].Token;
        var resumed = await StreamRecorder.SubscribeAsync(cluster.Client, Namespace, "run-1", lastSeen);
        await cluster.Client.GetGrain<IProducerGrain>("agent").Publish(Namespace, "run-1", 21, 30);

        await Eventually.Until(() => resumed.Received.Count >= 21, "the resumed subscriber to receive events 10 to 30", KafkaFixture.Patience);
        Assert.Equal(lastSeen, resumed.Received[0].Token);
        Assert.Equal(Enumerable.Range(10, 21), resumed.Received.Select(r => r.Event.Sequence));
        Assert.Empty(resumed.Errors);
    }

    /// <summary>Three silos and eight partitions: a silo other than the first all but surely pulls one.</summary>
    private const int Partitions = 8;

    [Fact]
    public async Task After_the_silo_that_pulled_a_partition_stops_a_subscriber_still_resumes_from_a_token_it_saw_before()
    {
        // The queue balancer spreads partitions over the silos' ranges of the hash ring, which can leave a silo without
        // any: three silos and eight partitions make it all but certain that a silo other than the first (which cannot
        // leave an in-process cluster) pulls one.
        await using var cluster = await StreamTestCluster.StartAsync(fixture.Kafka, silos: 3, partitions: Partitions);
        await Eventually.Until(() => cluster.Readers().Any(r => r.Silo != cluster.Cluster.Silos[0] && r.Partitions.Count > 0), "a silo other than the first to pull a partition", KafkaFixture.Patience);
        var (leaving, partitions) = cluster.Readers().First(r => r.Silo != cluster.Cluster.Silos[0] && r.Partitions.Count > 0);
        var key = KeyOnPartition(partitions[0], Partitions);
        var browser = await StreamRecorder.SubscribeAsync(cluster.Client, Namespace, key);
        await cluster.Client.GetGrain<IProducerGrain>("agent").Publish(Namespace, key, 1, 20);
        await Eventually.Until(() => browser.Received.Count == 20, "the subscriber to receive 20 events", KafkaFixture.Patience);
        await browser.Handle!.UnsubscribeAsync();

        // The partition moves to the remaining silo, whose cache starts with the delivered records still in the rewind window.
        await cluster.Cluster.StopSiloAsync(leaving);
        await Eventually.Until(() => cluster.Readers().SelectMany(r => r.Partitions).Contains(partitions[0]), "the remaining silo to pull the partition", KafkaFixture.Patience);
        var reconnected = await StreamRecorder.SubscribeAsync(cluster.Client, Namespace, key, browser.Received[14].Token);
        await cluster.Client.GetGrain<IProducerGrain>("agent").Publish(Namespace, key, 21, 25);

        await Eventually.Until(() => reconnected.Received.Count >= 11, "the reconnected subscriber to receive events 15 to 25", KafkaFixture.Patience);
        Assert.Equal(Enumerable.Range(15, 11), reconnected.Received.Select(r => r.Event.Sequence));
        Assert.Empty(reconnected.Errors);
    }

    [Fact]
    public async Task A_token_older_than_the_rewind_window_is_reported_to_the_subscriber_as_a_cache_miss()
    {
        await using var cluster = await StreamTestCluster.StartAsync(fixture.Kafka, silos: 1, configure: o => o.RewindWindow = TimeSpan.Zero);
        var first = await StreamRecorder.SubscribeAsync(cluster.Client, Namespace, "run-2");
        await cluster.Client.GetGrain<IProducerGrain>("agent").Publish(Namespace, "run-2", 1, 10);
        await Eventually.Until(() => first.Received.Count == 10, "the first subscriber to receive 10 events", KafkaFixture.Patience);
        await Eventually.Until(() => CoveredFrom(cluster, "run-2") > first.Received[0].Token.Offset, "the cache to drop the delivered records", KafkaFixture.Patience);

        var late = await StreamRecorder.SubscribeAsync(cluster.Client, Namespace, "run-2", first.Received[0].Token);

        await Eventually.Until(() => late.Errors.Count > 0, "the late subscriber to hear of the cache miss", KafkaFixture.Patience);
        Assert.IsType<QueueCacheMissException>(late.Errors[0]);
    }

    /// <summary>A stream key whose stream maps to <paramref name="partition"/> of a topic with <paramref name="partitionCount"/> partitions.</summary>
    private static string KeyOnPartition(int partition, int partitionCount)
    {
        var mapper = new HashRingBasedStreamQueueMapper(new HashRingStreamQueueMapperOptions { TotalQueueCount = partitionCount }, StreamTestCluster.Provider);
        return Enumerable.Range(0, 1000).Select(i => $"run-{i}").First(k => KafkaQueueAdapter.PartitionOf(mapper, StreamId.Create(Namespace, k)) == partition);
    }

    private static long CoveredFrom(StreamTestCluster cluster, string key)
    {
        var factory = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<KafkaQueueAdapterFactory>(StreamTestCluster.Provider);
        var queue = factory.GetStreamQueueMapper().GetQueueForStream(StreamId.Create(Namespace, key));
        return factory.CacheOf(queue)?.CoveredFrom ?? -1;
    }
}
