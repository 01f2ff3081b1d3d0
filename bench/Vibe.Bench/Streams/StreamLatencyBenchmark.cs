using System.Diagnostics;
using Orleans.Runtime;
using Orleans.Streams;
using Vibe.Bench.Workspaces;

namespace Vibe.Bench.Streams;

/// <summary>
/// stream-latency: milliseconds from asking a producer grain to publish an event to a subscriber in the cluster client
/// receiving it, one event at a time, through the Kafka provider; the baseline is Orleans' in-memory provider in the
/// same cluster, pulled at the same period, with events to the two interleaved so the machine's load weighs on both.
/// </summary>
internal sealed class StreamLatencyBenchmark : IBenchmark
{
    private const int WarmUpEvents = 30;
    private static readonly string Line = new('x', 120);

    public string Name => "stream-latency";

    public string Description => "ms from a producer grain to a client subscriber through Kafka (p50/p99); baseline the in-memory provider";

    public async Task<BenchmarkResult> RunAsync(BenchmarkContext context)
    {
        var measured = context.Quick ? 200 : 2000;
        await using var cluster = await StreamBenchCluster.StartAsync();
        var kafka = await Subscriber.StartAsync(cluster.Client, StreamBenchCluster.Kafka);
        var memory = await Subscriber.StartAsync(cluster.Client, StreamBenchCluster.Memory);
        var kafkaSamples = new Samples();
        var memorySamples = new Samples();
        for (var i = 0; i < WarmUpEvents + measured; i++)
        {
            var kafkaElapsed = await kafka.RoundTripAsync(cluster.Client);
            var memoryElapsed = await memory.RoundTripAsync(cluster.Client);
            if (i >= WarmUpEvents)
            {
                kafkaSamples.Add(kafkaElapsed);
                memorySamples.Add(memoryElapsed);
            }
        }

        return new BenchmarkResult(Name, kafkaSamples.P50, "ms", memorySamples.P50, kafkaSamples.P50, kafkaSamples.P99)
        {
            Extra = { ["kafka_p99_ms"] = kafkaSamples.P99, ["memory_p50_ms"] = memorySamples.P50, ["memory_p99_ms"] = memorySamples.P99, ["events"] = measured },
            Notes =
            {
                $"{measured} events each, one at a time, producer grain on a silo -> subscriber in the cluster client; 2 in-process silos",
                $"both providers pulled every {StreamBenchCluster.PullingPeriod.TotalMilliseconds} ms; Kafka is librdkafka's in-process mock cluster (fetch.wait.max.ms 1), acks=all, idempotent",
                "value/p50/p99 = Kafka provider; baseline = in-memory provider p50",
            },
        };
    }

    /// <summary>One provider's subscriber: each round trip publishes through a producer grain and awaits the delivery.</summary>
    private sealed class Subscriber
    {
        private readonly string _provider;
        private TaskCompletionSource<long> _arrival = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private Subscriber(string provider) => _provider = provider;

        public static async Task<Subscriber> StartAsync(IClusterClient client, string provider)
        {
            var subscriber = new Subscriber(provider);
            var stream = client.GetStreamProvider(provider).GetStream<BenchEvent>(StreamId.Create(StreamBenchCluster.Namespace, provider));
            await stream.SubscribeAsync((item, _) =>
            {
                subscriber._arrival.TrySetResult(Stopwatch.GetTimestamp());
                return Task.CompletedTask;
            });
            return subscriber;
        }

        public async Task<TimeSpan> RoundTripAsync(IClusterClient client)
        {
            _arrival = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            var sent = Stopwatch.GetTimestamp();
            await client.GetGrain<IBenchProducerGrain>(_provider).Publish(_provider, new BenchEvent(sent, Line));
            var arrived = await _arrival.Task.WaitAsync(TimeSpan.FromSeconds(30));
            return Stopwatch.GetElapsedTime(sent, arrived);
        }
    }
}
