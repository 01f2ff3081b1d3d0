namespace Vibe.Streams.Kafka;

/// <summary>
/// One Kafka stream provider: one topic whose partition <c>i</c> is Orleans queue <c>i</c>. Bound from
/// <c>Vibe:Streams:Kafka</c>, then <c>Vibe:Streams:Kafka:Providers:{name}</c>, then the code's configure delegate.
/// </summary>
public sealed class KafkaStreamOptions
{
    /// <summary>The configuration section every provider binds first.</summary>
    public const string SectionName = "Vibe:Streams:Kafka";

    /// <summary>Kafka's <c>bootstrap.servers</c>: <c>host:port</c> pairs separated by commas. Required.</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>The topic; null uses <c>vibe.{provider name}</c>. Streams of every namespace share it (the namespace is in each record's key).</summary>
    public string? Topic { get; set; }

    /// <summary>Partitions of the topic, which is also the number of Orleans queues (pulling agents) the provider balances over the silos.</summary>
    public int Partitions { get; set; } = 8;

    /// <summary>Replication factor when Vibe creates the topic; -1 takes the broker's <c>default.replication.factor</c>.</summary>
    public short ReplicationFactor { get; set; } = -1;

    /// <summary>Create the topic at start-up when it is missing. When false, or when the broker refuses, start-up fails naming the topic.</summary>
    public bool CreateTopic { get; set; } = true;

    /// <summary>The consumer group whose committed offsets say where each partition's reading resumes; null uses <c>vibe.{provider name}</c>.</summary>
    public string? ConsumerGroup { get; set; }

    /// <summary>How often each pulling agent asks its receiver for new records (Orleans' <c>GetQueueMsgsTimerPeriod</c>).</summary>
    public TimeSpan PullingPeriod { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How long a produce may wait for the broker's acknowledgement before <c>OnNextAsync</c> fails (<c>message.timeout.ms</c>).</summary>
    public TimeSpan ProduceTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the producer lets records gather into one request (<c>linger.ms</c>); concurrent produces share requests.</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>How long the broker may hold a fetch with no new records (<c>fetch.wait.max.ms</c>); also bounds how late a receiver notices it must stop.</summary>
    public TimeSpan FetchWaitMax { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How far back (by record time) a partition's cache keeps delivered records so subscribers can resume from a token.</summary>
    public TimeSpan RewindWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Records one partition's cache holds at most (delivered ones are dropped first; undelivered ones stop reading until delivered).</summary>
    public int MaxCachedRecords { get; set; } = 100_000;

    /// <summary>Where reading starts on a partition the consumer group never committed: the oldest retained record (true) or new ones only.</summary>
    public bool StartFromEarliest { get; set; } = true;

    /// <summary>How long start-up waits for the brokers (topic check and creation, committed offsets) before failing.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// librdkafka settings for every client (security: <c>security.protocol</c>, <c>sasl.*</c>, <c>ssl.*</c>), passed through
    /// as given; <c>_</c> in a key stands for <c>.</c> (<c>Vibe__Streams__Kafka__Properties__sasl_mechanism</c>). Values are never logged.
    /// </summary>
    public Dictionary<string, string> Properties { get; set; } = [];

    /// <summary>librdkafka settings for the producer only (applied after <see cref="Properties"/>).</summary>
    public Dictionary<string, string> ProducerProperties { get; set; } = [];

    /// <summary>librdkafka settings for the consumers only (applied after <see cref="Properties"/>).</summary>
    public Dictionary<string, string> ConsumerProperties { get; set; } = [];

    internal string TopicFor(string providerName) => string.IsNullOrWhiteSpace(Topic) ? $"vibe.{providerName}" : Topic;

    internal string GroupFor(string providerName) => string.IsNullOrWhiteSpace(ConsumerGroup) ? $"vibe.{providerName}" : ConsumerGroup;
}
