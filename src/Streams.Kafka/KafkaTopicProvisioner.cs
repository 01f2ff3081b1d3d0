using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace Vibe.Streams.Kafka;

/// <summary>Makes sure a provider's topic exists with enough partitions before it produces or reads.</summary>
internal static class KafkaTopicProvisioner
{
    public static async Task EnsureAsync(string provider, KafkaStreamOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var topic = options.TopicFor(provider);
        var config = KafkaClientConfigs.Admin(options, $"vibe-admin-{provider}");
        config.Set("allow.auto.create.topics", "false");
        using var admin = new AdminClientBuilder(config)
            .SetLogHandler((_, log) => KafkaStreamsLog.ClientLog(logger, config.ClientId, log.Facility, log.Message))
            .Build();

        var partitions = await Task.Run(() => CountPartitions(admin, topic, options), cancellationToken).ConfigureAwait(false);
        if (partitions == 0)
        {
            if (!options.CreateTopic)
            {
                throw new KafkaStreamStartupException(
                    $"Kafka topic '{topic}' does not exist on {options.BootstrapServers}. Create it with {options.Partitions} partitions, " +
                    $"or set {KafkaStreamOptions.SectionName}:CreateTopic to true to let Vibe create it.");
            }

            await CreateAsync(admin, topic, options, cancellationToken).ConfigureAwait(false);
            KafkaStreamsLog.TopicCreated(logger, provider, topic, options.Partitions);
            partitions = await Task.Run(() => CountPartitions(admin, topic, options), cancellationToken).ConfigureAwait(false);
        }

        if (partitions < options.Partitions)
        {
            throw new KafkaStreamStartupException(
                $"Kafka topic '{topic}' has {partitions} partitions but {KafkaStreamOptions.SectionName}:Partitions is {options.Partitions}: " +
                $"add partitions to the topic (kafka-topics.sh --alter --topic {topic} --partitions {options.Partitions}) or lower the setting to {partitions}.");
        }

        KafkaStreamsLog.TopicReady(logger, provider, topic, options.Partitions, options.BootstrapServers);
    }

    /// <summary>The topic's partition count, 0 when it does not exist.</summary>
    private static int CountPartitions(IAdminClient admin, string topic, KafkaStreamOptions options)
    {
        Metadata metadata;
        try
        {
            metadata = admin.GetMetadata(topic, options.StartupTimeout);
        }
        catch (KafkaException e)
        {
            throw new KafkaStreamStartupException(
                $"Kafka at {options.BootstrapServers} did not answer within {KafkaClientConfigs.Describe(options.StartupTimeout)} while Vibe checked topic '{topic}': {e.Error.Reason}. " +
                $"Check {KafkaStreamOptions.SectionName}:BootstrapServers and the security settings under {KafkaStreamOptions.SectionName}:Properties.", e);
        }

        var found = metadata.Topics.FirstOrDefault(t => t.Topic == topic);
        return found is null || found.Error.Code == ErrorCode.UnknownTopicOrPart ? 0 : found.Partitions.Count;
    }

    private static async Task CreateAsync(IAdminClient admin, string topic, KafkaStreamOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var specification = new TopicSpecification { Name = topic, NumPartitions = options.Partitions, ReplicationFactor = options.ReplicationFactor };
            await admin.CreateTopicsAsync([specification], new CreateTopicsOptions { RequestTimeout = options.StartupTimeout, OperationTimeout = options.StartupTimeout })
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CreateTopicsException e) when (e.Results.All(r => r.Error.Code == ErrorCode.TopicAlreadyExists))
        {
            // Another silo created it first.
        }
        catch (KafkaException e)
        {
            var reason = e is CreateTopicsException created ? string.Join("; ", created.Results.Select(r => r.Error.Reason)) : e.Error.Reason;
            throw new KafkaStreamStartupException(
                $"Kafka topic '{topic}' does not exist and Vibe could not create it ({reason}). Create it with {options.Partitions} partitions " +
                $"(kafka-topics.sh --create --topic {topic} --partitions {options.Partitions}), or allow this client to create topics.", e);
        }
    }
}
