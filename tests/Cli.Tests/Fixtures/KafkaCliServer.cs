using Vibe.TestSupport;

namespace Vibe.Cli.Tests.Fixtures;

/// <summary>
/// A <see cref="CliServer"/> whose streams are on Kafka (librdkafka's mock cluster in this process: no broker can be
/// installed here), so its log lines carry the positions a reconnecting <c>vibe logs -f</c> resumes from.
/// </summary>
public sealed class KafkaCliServer : IAsyncLifetime
{
    private readonly KafkaMockCluster _kafka = new();
    private CliServer? _server;

    public CliServer Server => _server ?? throw new InvalidOperationException("The server is not started.");

    public async Task InitializeAsync()
    {
        _kafka.CreateTopic("vibe.default", 1); // the mock cannot create topics
        _server = new CliServer(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Vibe:Streams:Kafka:BootstrapServers"] = _kafka.BootstrapServers,
            ["Vibe:Streams:Kafka:Partitions"] = "1",
            ["Vibe:Streams:Kafka:CreateTopic"] = "false",
            ["Vibe:Streams:Kafka:FetchWaitMax"] = "00:00:00.010",
        });
        await _server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }
        finally
        {
            _kafka.Dispose();
        }
    }
}
