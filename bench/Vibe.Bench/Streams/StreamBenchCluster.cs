using Confluent.Kafka;
using Orleans.Configuration;
using Orleans.TestingHost;
using Vibe.Streams.Kafka;
using Vibe.TestSupport;

namespace Vibe.Bench.Streams;

/// <summary>
/// Two in-process silos and a client with two stream providers side by side: "kafka" on librdkafka's mock cluster (a
/// topic with 4 partitions) and Orleans' in-memory provider "memory", both pulled at the same period.
/// </summary>
internal sealed class StreamBenchCluster : IAsyncDisposable
{
    public const string Kafka = "kafka";
    public const string Memory = "memory";
    public const string Namespace = "workspace-logs";
    public const int Partitions = 4;

    /// <summary>Both providers' pulling agents ask for new events this often.</summary>
    public static readonly TimeSpan PullingPeriod = TimeSpan.FromMilliseconds(10);

    private StreamBenchCluster(KafkaMockCluster broker, InProcessTestCluster cluster, KafkaStreamOptions options)
    {
        Broker = broker;
        Cluster = cluster;
        Options = options;
    }

    public KafkaMockCluster Broker { get; }

    public InProcessTestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    /// <summary>The Kafka provider's options, for a baseline producer configured alike.</summary>
    public KafkaStreamOptions Options { get; }

    public static async Task<StreamBenchCluster> StartAsync()
    {
        var broker = new KafkaMockCluster(brokers: 1);
        var options = new KafkaStreamOptions
        {
            BootstrapServers = broker.BootstrapServers,
            Topic = $"bench-{Guid.NewGuid():N}",
            Partitions = Partitions,
            PullingPeriod = PullingPeriod,

            // The mock holds every fetch for the full wait, where a real broker answers as soon as a record arrives.
            FetchWaitMax = TimeSpan.FromMilliseconds(1),
        };
        broker.CreateTopic(options.Topic, Partitions);

        void Configure(KafkaStreamOptions o)
        {
            o.BootstrapServers = options.BootstrapServers;
            o.Topic = options.Topic;
            o.Partitions = options.Partitions;
            o.PullingPeriod = options.PullingPeriod;
            o.FetchWaitMax = options.FetchWaitMax;
        }

        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage("PubSubStore");
            silo.AddKafkaStreams(Kafka, Configure);
            silo.AddMemoryStreams(Memory, memory => memory.ConfigurePullingAgent(agent => agent.Configure(o => o.GetQueueMsgsTimerPeriod = PullingPeriod)));
        });
        builder.ConfigureClient(client =>
        {
            client.AddKafkaStreams(Kafka, Configure);
            client.AddMemoryStreams(Memory);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new StreamBenchCluster(broker, cluster, options);
    }

    /// <summary>Waits until the pulling agents committed everything in the topic, i.e. read and delivered it.</summary>
    public async Task DrainAsync()
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = Options.BootstrapServers, GroupId = Options.GroupFor(Kafka) }).Build();
        var partitions = Enumerable.Range(0, Partitions).Select(p => new TopicPartition(Options.Topic, new Partition(p))).ToList();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var committed = consumer.Committed(partitions, TimeSpan.FromSeconds(10));
            if (committed.All(c => Math.Max(c.Offset.Value, 0) >= consumer.QueryWatermarkOffsets(c.TopicPartition, TimeSpan.FromSeconds(10)).High.Value))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The pulling agents did not catch up with topic {Options.Topic} within 2 minutes.");
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Broker.Dispose();
    }
}
