using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Vibe.Streams.Kafka.Tests.Configuration;

public sealed class OptionsValidationTests
{
    [Fact]
    public void Valid_options_pass()
    {
        Assert.Empty(Failures(o => o.BootstrapServers = "kafka-1:9092"));
    }

    [Fact]
    public void Missing_bootstrap_servers_are_named()
    {
        var failure = Assert.Single(Failures(_ => { }));

        Assert.Equal("Kafka stream provider 'kafka': Vibe:Streams:Kafka:BootstrapServers is required (host:port of one or more Kafka brokers, comma-separated).", failure);
    }

    public static TheoryData<Action<KafkaStreamOptions>, string> BadSettings => new()
    {
        { o => o.Topic = "logs and status", "Topic is not a valid Kafka topic name" },
        { o => o.Partitions = 0, "Partitions must be between 1 and 10000." },
        { o => o.ReplicationFactor = 0, "ReplicationFactor must be -1" },
        { o => o.PullingPeriod = TimeSpan.Zero, "PullingPeriod must be between" },
        { o => o.ProduceTimeout = TimeSpan.FromMilliseconds(10), "ProduceTimeout must be between" },
        { o => o.MaxCachedRecords = 1, "MaxCachedRecords must be at least 16" },
        { o => o.Properties["group.id"] = "other", "Properties may not set bootstrap.servers, " },
        { o => o.ConsumerProperties["enable.auto.commit"] = "true", "ConsumerProperties may not set " },
        { o => o.ProducerProperties["linger_ms"] = "50", "ProducerProperties may not set " },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Each_bad_setting_fails_with_a_message_naming_it(Action<KafkaStreamOptions> spoil, string expected)
    {
        var failure = Assert.Single(Failures(o =>
        {
            o.BootstrapServers = "kafka-1:9092";
            spoil(o);
        }));

        Assert.StartsWith($"Kafka stream provider 'kafka': Vibe:Streams:Kafka:{expected}", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_bind_from_the_shared_section_then_the_providers_own_section_then_code()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Vibe:Streams:Kafka:BootstrapServers"] = "kafka-1:9092,kafka-2:9092",
            ["Vibe:Streams:Kafka:Partitions"] = "12",
            ["Vibe:Streams:Kafka:Properties:security.protocol"] = "SASL_SSL",
            ["Vibe:Streams:Kafka:Properties:sasl_mechanism"] = "SCRAM-SHA-512",
            ["Vibe:Streams:Kafka:Providers:logs:Topic"] = "vibe.workspace-logs",
            ["Vibe:Streams:Kafka:Providers:logs:RewindWindow"] = "00:01:00",
        });
        builder.UseOrleans(silo => silo.UseLocalhostClustering().AddKafkaStreams("logs", o => o.Linger = TimeSpan.FromMilliseconds(7)));
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptionsMonitor<KafkaStreamOptions>>().Get("logs");

        Assert.Equal("kafka-1:9092,kafka-2:9092", options.BootstrapServers);
        Assert.Equal(12, options.Partitions);
        Assert.Equal("vibe.workspace-logs", options.TopicFor("logs"));
        Assert.Equal(TimeSpan.FromMinutes(1), options.RewindWindow);
        Assert.Equal(TimeSpan.FromMilliseconds(7), options.Linger);
        Assert.Equal("SCRAM-SHA-512", KafkaClientConfigs.Producer(options, "test").Get("sasl.mechanism"));
        Assert.Equal("SASL_SSL", KafkaClientConfigs.Consumer(options, "test", "group").Get("security.protocol"));
        Assert.Equal("vibe.logs", options.GroupFor("logs"));
    }

    [Fact]
    public async Task A_silo_with_invalid_options_does_not_start_and_says_which_setting_is_wrong()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo.UseLocalhostClustering(siloPort: FreePort(), gatewayPort: FreePort()).AddMemoryGrainStorage("PubSubStore").AddKafkaStreams("kafka", o => o.Partitions = -3));
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("BootstrapServers is required", failure.Message);
        Assert.Contains("Partitions must be between 1 and 10000.", failure.Message);
    }

    /// <summary>The failures of provider "kafka"'s options as <paramref name="configure"/> leaves them (none when they are valid).</summary>
    private static IReadOnlyList<string> Failures(Action<KafkaStreamOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddOptions<KafkaStreamOptions>("kafka").Configure(configure).ValidateKafkaRules("kafka");
        using var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptionsMonitor<KafkaStreamOptions>>().Get("kafka");
            return [];
        }
        catch (OptionsValidationException invalid)
        {
            return [.. invalid.Failures];
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
