using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.TestingHost;

namespace Vibe.Streams.Kafka.Tests.Fixtures;

/// <summary>An in-process Orleans cluster whose silos and client use the Kafka stream provider on a fresh topic of the mock cluster.</summary>
public sealed class StreamTestCluster : IAsyncDisposable
{
    public const string Provider = "kafka";

    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(5);

    private StreamTestCluster(InProcessTestCluster cluster, string topic, Action<KafkaStreamOptions> configure)
    {
        Cluster = cluster;
        Topic = topic;
        Configure = configure;
    }

    public InProcessTestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    public string Topic { get; }

    /// <summary>The options every silo and the client were given.</summary>
    public Action<KafkaStreamOptions> Configure { get; }

    internal static async Task<StreamTestCluster> StartAsync(KafkaMockCluster kafka, int silos = 3, int partitions = 4, Action<KafkaStreamOptions>? configure = null)
    {
        var topic = $"test-{Guid.NewGuid():N}";
        kafka.CreateTopic(topic, partitions);
        void Configure(KafkaStreamOptions options)
        {
            options.BootstrapServers = kafka.BootstrapServers;
            options.Topic = topic;
            options.Partitions = partitions;
            options.FetchWaitMax = TimeSpan.FromMilliseconds(5);
            options.PullingPeriod = TimeSpan.FromMilliseconds(10);
            options.StartupTimeout = TimeSpan.FromSeconds(10);
            configure?.Invoke(options);
        }

        var rows = new ConcurrentDictionary<string, (object State, string ETag)>();
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddGrainStorage("PubSubStore", (services, _) => new SharedGrainStorage(rows, services.GetRequiredService<DeepCopier>()));
            silo.AddKafkaStreams(Provider, Configure);

            // A delivery through a killed silo's gateway waits this long before the agent retries it (30 s by default).
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
        });
        builder.ConfigureClient(client =>
        {
            client.AddKafkaStreams(Provider, Configure);
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new StreamTestCluster(cluster, topic, Configure);
    }

    /// <summary>The partitions each live silo's pulling agents read now.</summary>
    internal IReadOnlyList<(InProcessSiloHandle Silo, IReadOnlyList<int> Partitions)> Readers() =>
        [.. Cluster.Silos.Where(s => s.IsActive).Select(s => (s, s.ServiceProvider.GetRequiredKeyedService<KafkaQueueAdapterFactory>(Provider).ReadPartitions))];

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
