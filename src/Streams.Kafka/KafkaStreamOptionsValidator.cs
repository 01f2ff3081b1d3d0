using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Vibe.Streams.Kafka;

/// <summary>Checks a provider's options at start-up; each failure names the setting and says what is wrong.</summary>
internal sealed partial class KafkaStreamOptionsValidator : IValidateOptions<KafkaStreamOptions>
{
    private const string Section = KafkaStreamOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, KafkaStreamOptions options)
    {
        var provider = name ?? Options.DefaultName;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.BootstrapServers))
        {
            failures.Add($"{Section}:BootstrapServers is required (host:port of one or more Kafka brokers, comma-separated).");
        }

        var topic = options.TopicFor(provider);
        if (topic.Length > 249 || !TopicName().IsMatch(topic) || topic is "." or "..")
        {
            failures.Add($"{Section}:Topic '{topic}' is not a valid Kafka topic name (at most 249 of a-z, A-Z, 0-9, '.', '_', '-').");
        }

        if (options.Partitions is < 1 or > 10_000)
        {
            failures.Add($"{Section}:Partitions must be between 1 and 10000; it is {options.Partitions}.");
        }

        if (options.ReplicationFactor is 0 or < -1)
        {
            failures.Add($"{Section}:ReplicationFactor must be -1 (the broker's default) or at least 1; it is {options.ReplicationFactor}.");
        }

        Range(failures, "PullingPeriod", options.PullingPeriod, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1));
        Range(failures, "ProduceTimeout", options.ProduceTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(15));
        Range(failures, "Linger", options.Linger, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Range(failures, "FetchWaitMax", options.FetchWaitMax, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Range(failures, "RewindWindow", options.RewindWindow, TimeSpan.Zero, TimeSpan.FromDays(7));
        Range(failures, "StartupTimeout", options.StartupTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        if (options.MaxCachedRecords < 16)
        {
            failures.Add($"{Section}:MaxCachedRecords must be at least 16; it is {options.MaxCachedRecords}.");
        }

        foreach (var (setting, properties) in new[] { ("Properties", options.Properties), ("ProducerProperties", options.ProducerProperties), ("ConsumerProperties", options.ConsumerProperties) })
        {
            foreach (var key in properties.Keys.Where(k => KafkaClientConfigs.Owned.Contains(KafkaClientConfigs.PropertyName(k))))
            {
                failures.Add($"{Section}:{setting} may not set '{key}': the provider sets it from its own options.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures.Select(f => $"Kafka stream provider '{provider}': {f}"));
    }

    private static void Range(List<string> failures, string setting, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{Section}:{setting} must be between {min} and {max}; it is {value}.");
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9._-]+$")]
    private static partial Regex TopicName();
}
