using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Vibe.Streams.Kafka;

/// <summary>What a provider's options must be, checked at start-up; each failure names the provider and the setting and says what is wrong.</summary>
internal static partial class KafkaStreamOptionsRules
{
    private const string Section = KafkaStreamOptions.SectionName;

    /// <summary>Adds the rules for provider <paramref name="provider"/>'s options to <paramref name="options"/>.</summary>
    public static OptionsBuilder<KafkaStreamOptions> ValidateKafkaRules(this OptionsBuilder<KafkaStreamOptions> options, string provider)
    {
        var prefix = $"Kafka stream provider '{provider}': {Section}";
        options
            .Validate(o => !string.IsNullOrWhiteSpace(o.BootstrapServers), $"{prefix}:BootstrapServers is required (host:port of one or more Kafka brokers, comma-separated).")
            .Validate(o => IsTopicName(o.TopicFor(provider)), $"{prefix}:Topic is not a valid Kafka topic name (at most 249 of a-z, A-Z, 0-9, '.', '_', '-'; the default is vibe.{provider}).")
            .Validate(o => o.Partitions is >= 1 and <= 10_000, $"{prefix}:Partitions must be between 1 and 10000.")
            .Validate(o => o.ReplicationFactor is -1 or >= 1, $"{prefix}:ReplicationFactor must be -1 (the broker's default) or at least 1.")
            .Validate(o => Within(o.PullingPeriod, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1)), $"{prefix}:PullingPeriod must be between 00:00:00.001 and 00:01:00.")
            .Validate(o => Within(o.ProduceTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(15)), $"{prefix}:ProduceTimeout must be between 00:00:00.100 and 00:15:00.")
            .Validate(o => Within(o.Linger, TimeSpan.Zero, TimeSpan.FromSeconds(5)), $"{prefix}:Linger must be between 00:00:00 and 00:00:05.")
            .Validate(o => Within(o.FetchWaitMax, TimeSpan.Zero, TimeSpan.FromSeconds(5)), $"{prefix}:FetchWaitMax must be between 00:00:00 and 00:00:05.")
            .Validate(o => Within(o.RewindWindow, TimeSpan.Zero, TimeSpan.FromDays(7)), $"{prefix}:RewindWindow must be between 00:00:00 and 7.00:00:00.")
            .Validate(o => Within(o.StartupTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)), $"{prefix}:StartupTimeout must be between 00:00:01 and 00:10:00.")
            .Validate(o => o.MaxCachedRecords >= 16, $"{prefix}:MaxCachedRecords must be at least 16.");
        var owned = string.Join(", ", KafkaClientConfigs.Owned.Order(StringComparer.Ordinal));
        foreach (var (setting, properties) in new (string, Func<KafkaStreamOptions, IDictionary<string, string>>)[]
        {
            ("Properties", o => o.Properties), ("ProducerProperties", o => o.ProducerProperties), ("ConsumerProperties", o => o.ConsumerProperties),
        })
        {
            options.Validate(
                o => !properties(o).Keys.Any(key => KafkaClientConfigs.Owned.Contains(KafkaClientConfigs.PropertyName(key))),
                $"{prefix}:{setting} may not set {owned}: the provider sets them from its own options.");
        }

        return options;
    }

    private static bool Within(TimeSpan value, TimeSpan min, TimeSpan max) => value >= min && value <= max;

    private static bool IsTopicName(string topic) => topic.Length <= 249 && TopicName().IsMatch(topic) && topic is not ("." or "..");

    [GeneratedRegex("^[a-zA-Z0-9._-]+$")]
    private static partial Regex TopicName();
}
