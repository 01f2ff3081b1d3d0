using Orleans.Runtime;
using Vibe.Streams.Kafka.Tests.Fixtures;

namespace Vibe.Streams.Kafka.Tests.Failures;

/// <summary>Each test breaks its own single-broker mock cluster, leaving the shared one alone.</summary>
[Collection(KafkaCollection.Name)]
public sealed class BrokerFailureTests
{
    private const string Namespace = "workspace-status";

    [Fact]
    public async Task While_the_broker_is_down_producers_fail_with_an_error_naming_the_topic_and_recover_by_themselves_when_it_is_back()
    {
        using var kafka = new KafkaMockCluster(brokers: 1);
        await using var cluster = await StreamTestCluster.StartAsync(kafka, silos: 1, configure: o => o.ProduceTimeout = TimeSpan.FromSeconds(2));
        var subscriber = await StreamRecorder.SubscribeAsync(cluster.Client, Namespace, "ws-1");
        var producer = cluster.Client.GetGrain<IProducerGrain>("workspace");
        await producer.Publish(Namespace, "ws-1", 1, 5);

        kafka.SetBrokerDown(1);
        var failure = await Assert.ThrowsAsync<KafkaStreamUnavailableException>(() => producer.Publish(Namespace, "ws-1", 6, 6));
        Assert.Contains(cluster.Topic, failure.Message);
        Assert.Contains("ws-1", failure.Message);

        kafka.SetBrokerUp(1);
        await RetryAsync(() => producer.Publish(Namespace, "ws-1", 7, 7));
        await producer.Publish(Namespace, "ws-1", 8, 10);

        // Every acknowledged event arrives, in order; event 6 failed and may or may not have been stored.
        await Eventually.Until(() => subscriber.Received.Any(r => r.Event.Sequence == 10), "the subscriber to receive the events produced after the broker came back", KafkaFixture.Patience);
        Assert.Equal([1, 2, 3, 4, 5, 7, 8, 9, 10], subscriber.DistinctByToken().Select(r => r.Event.Sequence).Where(s => s != 6));
    }

    [Fact]
    public async Task Produce_requests_the_broker_rejects_with_retriable_errors_are_retried_and_stored_once_in_order()
    {
        using var kafka = new KafkaMockCluster(brokers: 1);
        await using var cluster = await StreamTestCluster.StartAsync(kafka, silos: 1);
        var subscriber = await StreamRecorder.SubscribeAsync(cluster.Client, Namespace, "ws-2");
        var stream = cluster.Client.GetStreamProvider(StreamTestCluster.Provider).GetStream<StreamEvent>(StreamId.Create(Namespace, "ws-2"));

        kafka.FailNextRequests(KafkaMockCluster.ProduceApi, KafkaMockCluster.NotLeaderForPartition, KafkaMockCluster.RequestTimedOut, KafkaMockCluster.NotEnoughReplicas);
        await Task.WhenAll(Enumerable.Range(1, 30).Select(i => stream.OnNextAsync(new StreamEvent("client", i))));

        await Eventually.Until(() => subscriber.Received.Count >= 30, "the subscriber to receive 30 events", KafkaFixture.Patience);
        Assert.Equal(Enumerable.Range(1, 30), subscriber.Received.Select(r => r.Event.Sequence));
    }

    [Fact]
    public async Task Offsets_the_broker_refuses_to_commit_are_committed_on_a_later_try()
    {
        using var kafka = new KafkaMockCluster(brokers: 1);
        await using var cluster = await StreamTestCluster.StartAsync(kafka, silos: 2);
        var subscriber = await StreamRecorder.SubscribeAsync(cluster.Client, Namespace, "ws-3");
        kafka.FailNextRequests(KafkaMockCluster.OffsetCommitApi, Enumerable.Repeat(KafkaMockCluster.GroupAuthorizationFailed, 3).ToArray());
        await cluster.Client.GetGrain<IProducerGrain>("workspace").Publish(Namespace, "ws-3", 1, 20);
        await Eventually.Until(() => subscriber.Received.Count == 20, "the subscriber to receive 20 events", KafkaFixture.Patience);

        var last = subscriber.Received[^1].Token;
        await Eventually.Until(() => Committed(kafka, cluster, last.Partition) > last.Offset, "the delivered offsets to be committed despite the refusals", KafkaFixture.Patience);
    }

    private static long Committed(KafkaMockCluster kafka, StreamTestCluster cluster, int partition)
    {
        var options = new KafkaStreamOptions();
        cluster.Configure(options);
        using var consumer = new Confluent.Kafka.ConsumerBuilder<byte[], byte[]>(new Confluent.Kafka.ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = options.GroupFor(StreamTestCluster.Provider),
        }).Build();
        return consumer.Committed([new Confluent.Kafka.TopicPartition(cluster.Topic, partition)], TimeSpan.FromSeconds(10))[0].Offset.Value;
    }

    private static async Task RetryAsync(Func<Task> publish)
    {
        // Reconnecting takes librdkafka up to its reconnect backoff; until then a publish may still time out.
        await Eventually.Until(
            () =>
            {
                try
                {
                    publish().GetAwaiter().GetResult();
                    return true;
                }
                catch (KafkaStreamUnavailableException)
                {
                    return false;
                }
            },
            "a publish to succeed after the broker came back",
            KafkaFixture.Patience);
    }
}
