using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Vibe.Streams.Kafka.Tests.Configuration;

public sealed class OptionsValidationTests
{
    private static readonly KafkaStreamOptionsValidator Validator = new();

    [Fact]
    public void Valid_options_pass()
    {
        Assert.True(Validator.Validate("kafka", new KafkaStreamOptions { BootstrapServers = "kafka-1:9092" }).Succeeded);
    }

    [Theory]
    [InlineData("BootstrapServers is required")]
    public void Missing_bootstrap_servers_are_named(string expected)
    {
        var result = Validator.Validate("kafka", new KafkaStreamOptions());

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage);
        Assert.Contains("Vibe:Streams:Kafka:BootstrapServers", result.FailureMessage);
    }

    public static TheoryData<Action<KafkaStreamOptions>, string> BadSettings => new()
    {
        { o => o.Topic = "logs and status", "Topic 'logs and status' is not a valid Kafka topic name" },
        { o => o.Partitions = 0, "Partitions must be between 1 and 10000; it is 0" },
        { o => o.ReplicationFactor = 0, "ReplicationFactor must be -1" },
        { o => o.PullingPeriod = TimeSpan.Zero, "PullingPeriod must be between" },
        { o => o.ProduceTimeout = TimeSpan.FromMilliseconds(10), "ProduceTimeout must be between" },
        { o => o.MaxCachedRecords = 1, "MaxCachedRecords must be at least 16" },
        { o => o.Properties["group.id"] = "other", "Properties may not set 'group.id'" },
        { o => o.ConsumerProperties["enable.auto.commit"] = "true", "ConsumerProperties may not set 'enable.auto.commit'" },
        { o => o.ProducerProperties["linger_ms"] = "50", "ProducerProperties may not set 'linger_ms'" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Each_bad_setting_fails_with_a_message_naming_it(Action<KafkaStreamOptions> spoil, string expected)
    {
        var options = new KafkaStreamOptions { BootstrapServers = "kafka-1:9092" };
        spoil(options);

        var result = Validator.Validate("kafka", options);

        Assert.True(result.Failed);
        Assert.Contains($"Kafka stream provider 'kafka': Vibe:Streams:Kafka:{expected}", result.FailureMessage);
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
        Assert.Contains("Partitions must be between 1 and 10000; it is -3", failure.Message);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
