using Orleans.Hosting;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.Streams.Kafka;

namespace Vibe.Hosting.Streams;

/// <summary>
/// Which provider carries Vibe's grain streams (<see cref="WorkspaceStreams.Provider"/>: workspace status and agent events):
/// Kafka when Vibe:Streams:Kafka:BootstrapServers is set, so events survive a silo and a browser can resume from the last
/// one it saw; otherwise Orleans' memory streams. Every silo of a cluster (grain silos and web silos) must agree.
/// </summary>
public sealed class VibeStreams
{
    private VibeStreams(bool isDurable) => IsDurable = isDurable;

    /// <summary>Whether the streams are on Kafka: their events carry <see cref="KafkaSequenceToken"/>s a subscriber can resume from.</summary>
    public bool IsDurable { get; }

    /// <summary>Reads the choice from <paramref name="configuration"/>.</summary>
    public static VibeStreams Resolve(IConfiguration configuration) =>
        new(!string.IsNullOrWhiteSpace(configuration[$"{KafkaStreamOptions.SectionName}:{nameof(KafkaStreamOptions.BootstrapServers)}"]));

    /// <summary>
    /// Registers the Kafka provider under <see cref="WorkspaceStreams.Provider"/> when <see cref="IsDurable"/>, and returns
    /// whether it did; the caller registers the memory streams otherwise. Its options are validated when the host starts.
    /// </summary>
    public bool TryAddDurable(ISiloBuilder silo)
    {
        if (IsDurable)
        {
            silo.AddKafkaStreams(WorkspaceStreams.Provider);
        }

        return IsDurable;
    }
}
