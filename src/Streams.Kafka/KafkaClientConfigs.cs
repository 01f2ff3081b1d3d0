using System.Globalization;
using Confluent.Kafka;

namespace Vibe.Streams.Kafka;

/// <summary>The librdkafka settings of a provider's producer, consumers and admin client, from its options.</summary>
internal static class KafkaClientConfigs
{
    /// <summary>Settings the provider owns: set through its options, never through the pass-through properties.</summary>
    public static readonly IReadOnlySet<string> Owned = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "bootstrap.servers", "group.id", "enable.auto.commit", "enable.auto.offset.store", "message.timeout.ms",
        "delivery.timeout.ms", "linger.ms", "queue.buffering.max.ms", "fetch.wait.max.ms", "enable.partition.eof",
    };

    public static ProducerConfig Producer(KafkaStreamOptions options, string clientId)
    {
        var config = new ProducerConfig(Common(options, clientId))
        {
            // Acknowledged means stored on every in-sync replica; idempotence keeps retried records in order, once.
            Acks = Acks.All,
            EnableIdempotence = true,
            MessageTimeoutMs = Milliseconds(options.ProduceTimeout),
            LingerMs = options.Linger.TotalMilliseconds,
        };
        Apply(config, options.ProducerProperties);
        return config;
    }

    public static ConsumerConfig Consumer(KafkaStreamOptions options, string clientId, string group)
    {
        var config = new ConsumerConfig(Common(options, clientId))
        {
            GroupId = group,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            EnablePartitionEof = false,
            // Only reached when the committed offset fell out of retention: resume at the oldest record left.
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = Milliseconds(options.FetchWaitMax),
        };
        Apply(config, options.ConsumerProperties);
        return config;
    }

    public static AdminClientConfig Admin(KafkaStreamOptions options, string clientId) => new(Common(options, clientId));

    private static ClientConfig Common(KafkaStreamOptions options, string clientId)
    {
        var config = new ClientConfig { BootstrapServers = options.BootstrapServers, ClientId = clientId };
        Apply(config, options.Properties);
        return config;
    }

    private static void Apply(ClientConfig config, Dictionary<string, string> properties)
    {
        foreach (var (key, value) in properties)
        {
            config.Set(PropertyName(key), value);
        }
    }

    /// <summary>librdkafka's name for a pass-through key: <c>sasl_mechanism</c> (an environment variable can hold no dot) is <c>sasl.mechanism</c>.</summary>
    public static string PropertyName(string key) => key.Replace('_', '.');

    private static int Milliseconds(TimeSpan value) => (int)Math.Ceiling(value.TotalMilliseconds);

    internal static string Describe(TimeSpan value) =>
        value.TotalSeconds >= 1 ? value.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s" : value.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
}
