using Microsoft.Extensions.Logging.Abstractions;
using Vibe.Streams.Kafka.Tests.Fixtures;

namespace Vibe.Streams.Kafka.Tests.Configuration;

[Collection(KafkaCollection.Name)]
public sealed class TopicProvisioningTests(KafkaFixture fixture)
{
    [Fact]
    public async Task An_existing_topic_with_enough_partitions_is_used_as_it_is()
    {
        var options = Options(fixture.Kafka, partitions: 4);
        fixture.Kafka.CreateTopic(options.Topic!, 6);

        await KafkaTopicProvisioner.EnsureAsync("kafka", options, NullLogger.Instance, CancellationToken.None);
    }

    [Fact]
    public async Task A_missing_topic_the_broker_cannot_create_fails_start_up_naming_the_topic_and_how_to_create_it()
    {
        // The mock cluster has no CreateTopics, like a broker that refuses this client the right to create topics.
        var options = Options(fixture.Kafka, partitions: 4);
        options.StartupTimeout = TimeSpan.FromSeconds(2);

        var failure = await Assert.ThrowsAsync<KafkaStreamStartupException>(() => KafkaTopicProvisioner.EnsureAsync("kafka", options, NullLogger.Instance, CancellationToken.None));

        Assert.Contains($"Kafka topic '{options.Topic}' does not exist and Vibe could not create it", failure.Message);
        Assert.Contains($"--create --topic {options.Topic} --partitions 4", failure.Message);
    }

    [Fact]
    public async Task A_missing_topic_with_creation_turned_off_fails_start_up_naming_the_topic()
    {
        var options = Options(fixture.Kafka, partitions: 4);
        options.CreateTopic = false;

        var failure = await Assert.ThrowsAsync<KafkaStreamStartupException>(() => KafkaTopicProvisioner.EnsureAsync("kafka", options, NullLogger.Instance, CancellationToken.None));

        Assert.Contains($"Kafka topic '{options.Topic}' does not exist", failure.Message);
        Assert.Contains("CreateTopic to true", failure.Message);
    }

    [Fact]
    public async Task A_topic_with_fewer_partitions_than_queues_fails_start_up_saying_what_to_change()
    {
        var options = Options(fixture.Kafka, partitions: 8);
        fixture.Kafka.CreateTopic(options.Topic!, 3);

        var failure = await Assert.ThrowsAsync<KafkaStreamStartupException>(() => KafkaTopicProvisioner.EnsureAsync("kafka", options, NullLogger.Instance, CancellationToken.None));

        Assert.Contains($"Kafka topic '{options.Topic}' has 3 partitions but Vibe:Streams:Kafka:Partitions is 8", failure.Message);
    }

    [Fact]
    public async Task Brokers_that_do_not_answer_fail_start_up_naming_the_servers()
    {
        using var unused = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        unused.Start();
        var port = ((System.Net.IPEndPoint)unused.LocalEndpoint).Port;
        unused.Stop();
        var options = new KafkaStreamOptions { BootstrapServers = $"127.0.0.1:{port}", Topic = "nowhere", StartupTimeout = TimeSpan.FromSeconds(2) };

        var failure = await Assert.ThrowsAsync<KafkaStreamStartupException>(() => KafkaTopicProvisioner.EnsureAsync("kafka", options, NullLogger.Instance, CancellationToken.None));

        Assert.Contains($"Kafka at 127.0.0.1:{port} did not answer", failure.Message);
        Assert.Contains("Vibe:Streams:Kafka:BootstrapServers", failure.Message);
    }

    private static KafkaStreamOptions Options(KafkaMockCluster kafka, int partitions) => new()
    {
        BootstrapServers = kafka.BootstrapServers,
        Topic = $"provision-{Guid.NewGuid():N}",
        Partitions = partitions,
        StartupTimeout = TimeSpan.FromSeconds(10),
    };
}
