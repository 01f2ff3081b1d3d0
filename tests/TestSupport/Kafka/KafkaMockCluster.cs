using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace Vibe.TestSupport;

/// <summary>
/// librdkafka's own mock Kafka cluster: brokers speaking the Kafka protocol on loopback ports, in this process. It has
/// no CreateTopics (topics are made with <see cref="CreateTopic"/>), keeps nothing across its own restart, and can
/// fail requests or take brokers down on demand. Used by the Kafka provider's tests, the hub's resume tests and the stream
/// benchmarks; librdkafka itself comes into their output with Vibe.Streams.Kafka (the librdkafka.redist package).
/// </summary>
public sealed partial class KafkaMockCluster : IDisposable
{
    private const string Library = "rdkafka-mock";

    // Kafka API keys and error codes used to inject failures.
    public const short ProduceApi = 0;
    public const short FetchApi = 1;
    public const short OffsetCommitApi = 8;
    public const int NotLeaderForPartition = 6;
    public const int RequestTimedOut = 7;
    public const int NotEnoughReplicas = 19;
    public const int GroupAuthorizationFailed = 30;

    private readonly nint _handle;
    private readonly nint _cluster;

    static KafkaMockCluster() => NativeLibrary.SetDllImportResolver(typeof(KafkaMockCluster).Assembly, Resolve);

    public KafkaMockCluster(int brokers = 1)
    {
        var error = new byte[512];
        var conf = rd_kafka_conf_new();
        rd_kafka_conf_set(conf, "log_level", "3", error, error.Length);
        _handle = rd_kafka_new(0, conf, error, error.Length);
        if (_handle == 0)
        {
            throw new InvalidOperationException($"librdkafka could not start the mock cluster's client: {Encoding.UTF8.GetString(error).TrimEnd('\0')}");
        }

        _cluster = rd_kafka_mock_cluster_new(_handle, brokers);
        if (_cluster == 0)
        {
            rd_kafka_destroy(_handle);
            throw new InvalidOperationException("librdkafka could not start a mock cluster.");
        }

        BootstrapServers = Marshal.PtrToStringUTF8(rd_kafka_mock_cluster_bootstraps(_cluster))!;
        Brokers = brokers;
    }

    /// <summary>host:port of every mock broker, comma-separated.</summary>
    public string BootstrapServers { get; }

    public int Brokers { get; }

    public void CreateTopic(string topic, int partitions, int replicationFactor = 1) =>
        Check(rd_kafka_mock_topic_create(_cluster, topic, partitions, replicationFactor), $"create topic {topic}");

    /// <summary>Broker ids are 1..<see cref="Brokers"/>.</summary>
    public void SetBrokerDown(int brokerId) => Check(rd_kafka_mock_broker_set_down(_cluster, brokerId), $"take broker {brokerId} down");

    public void SetBrokerUp(int brokerId) => Check(rd_kafka_mock_broker_set_up(_cluster, brokerId), $"bring broker {brokerId} up");

    /// <summary>The next <paramref name="errors"/>.Length requests of <paramref name="apiKey"/> fail with those error codes, in order.</summary>
    public void FailNextRequests(short apiKey, params int[] errors) => rd_kafka_mock_push_request_errors_array(_cluster, apiKey, (nuint)errors.Length, errors);

    public void Dispose()
    {
        rd_kafka_mock_cluster_destroy(_cluster);
        rd_kafka_destroy(_handle);
    }

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw new InvalidOperationException($"The mock cluster could not {what}: librdkafka error {error}.");
        }
    }

    // Debian 12 lacks the libsasl2.so.3 the default build wants; Confluent.Kafka falls back to the centos8 build the same way.
    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Library)
        {
            return 0;
        }

        var folder = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
        foreach (var file in new[] { "librdkafka.so", "centos8-librdkafka.so" })
        {
            if (NativeLibrary.TryLoad(Path.Combine(folder, file), out var handle))
            {
                return handle;
            }
        }

        throw new DllNotFoundException($"librdkafka was not found in {folder} (it comes with the librdkafka.redist package).");
    }

    [LibraryImport(Library)]
    private static partial nint rd_kafka_conf_new();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rd_kafka_conf_set(nint conf, string name, string value, byte[] error, nint errorSize);

    [LibraryImport(Library)]
    private static partial nint rd_kafka_new(int type, nint conf, byte[] error, nint errorSize);

    [LibraryImport(Library)]
    private static partial void rd_kafka_destroy(nint handle);

    [LibraryImport(Library)]
    private static partial nint rd_kafka_mock_cluster_new(nint handle, int brokers);

    [LibraryImport(Library)]
    private static partial nint rd_kafka_mock_cluster_bootstraps(nint cluster);

    [LibraryImport(Library)]
    private static partial void rd_kafka_mock_cluster_destroy(nint cluster);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rd_kafka_mock_topic_create(nint cluster, string topic, int partitions, int replicationFactor);

    [LibraryImport(Library)]
    private static partial int rd_kafka_mock_broker_set_down(nint cluster, int brokerId);

    [LibraryImport(Library)]
    private static partial int rd_kafka_mock_broker_set_up(nint cluster, int brokerId);

    [LibraryImport(Library)]
    private static partial void rd_kafka_mock_push_request_errors_array(nint cluster, short apiKey, nuint count, int[] errors);
}
