using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Streams;
using Vibe.Streams.Kafka;

namespace Vibe.Bench.Streams;

/// <summary>
/// stream-throughput: events per second 64 concurrent producers get acknowledged through the Kafka provider
/// (<c>OnNextAsync</c> on 64 streams of one topic with 4 partitions); the baseline is Confluent.Kafka producing records
/// of the same size to the same topic directly, with the provider's producer settings. Rounds alternate the two.
/// </summary>
internal sealed class StreamThroughputBenchmark : IBenchmark
{
    private const int Producers = 64;
    private static readonly string Line = new('x', 120);

    public string Name => "stream-throughput";

    public string Description => "events/s acknowledged through the Kafka provider into 4 partitions; baseline Confluent.Kafka producing directly";

    public async Task<BenchmarkResult> RunAsync(BenchmarkContext context)
    {
        var rounds = context.Quick ? 1 : 3;
        await using var cluster = await StreamBenchCluster.StartAsync();
        var streams = Enumerable.Range(0, Producers)
            .Select(i => cluster.Client.GetStreamProvider(StreamBenchCluster.Kafka).GetStream<BenchEvent>(StreamId.Create(StreamBenchCluster.Namespace, $"ws-{i}")))
            .ToArray();

        // The same bytes the provider writes per event: a record of one event, keyed by its stream id.
        var serializer = cluster.Client.ServiceProvider.GetRequiredService<Serializer>();
        var value = serializer.SerializeToArray(new KafkaBatchContainer(streams[0].StreamId, [new BenchEvent(0, Line)], null));
        var key = System.Text.Encoding.UTF8.GetBytes(streams[0].StreamId.ToString());
        using var direct = new ProducerBuilder<byte[], byte[]>(KafkaClientConfigs.Producer(cluster.Options, "bench-direct")).Build();
        var topic = cluster.Options.Topic!;

        // The silos' pulling agents read whatever either side wrote; each phase starts once they caught up, so neither pays for the other.
        double providerOps = 0, directOps = 0;
        for (var round = 0; round < rounds; round++)
        {
            await cluster.DrainAsync();
            providerOps += (await LoadLoop.RunAsync(Producers, context.WarmUp, context.Phase, worker =>
                new ValueTask(streams[worker].OnNextAsync(new BenchEvent(0, Line))))).OpsPerSecond;
            await cluster.DrainAsync();
            directOps += (await LoadLoop.RunAsync(Producers, context.WarmUp, context.Phase, worker =>
                new ValueTask(direct.ProduceAsync(new TopicPartition(topic, new Partition(worker % StreamBenchCluster.Partitions)), new Message<byte[], byte[]> { Key = key, Value = value })))).OpsPerSecond;
        }

        providerOps /= rounds;
        directOps /= rounds;
        return new BenchmarkResult(Name, providerOps, "events/s", directOps)
        {
            Extra = { ["record_bytes"] = value.Length, ["producers"] = Producers, ["rounds"] = rounds },
            Notes =
            {
                $"{Producers} concurrent producers, each awaiting the broker's acknowledgement before its next event; {rounds} alternating round(s) of {context.Phase.TotalSeconds} s",
                "value = OnNextAsync through the Kafka provider from the cluster client; baseline = Confluent.Kafka ProduceAsync of same-size records, same settings (acks=all, idempotent, linger)",
                "broker: librdkafka's in-process mock cluster, 1 broker, topic with 4 partitions",
            },
        };
    }
}
