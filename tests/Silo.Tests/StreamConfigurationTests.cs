using Vibe.TestSupport;

namespace Vibe.Silo.Tests;

/// <summary>Durable streams that cannot work stop the Silo before it serves, with one line saying what to change.</summary>
public sealed class StreamConfigurationTests
{
    [Theory]
    [InlineData("a Kafka setting is out of range",
        new[] { "Vibe__Streams__Kafka__BootstrapServers", "127.0.0.1:1", "Vibe__Streams__Kafka__Partitions", "0" },
        "invalid configuration: Kafka stream provider 'default': Vibe:Streams:Kafka:Partitions must be between 1 and 10000.")]
    [InlineData("a Kafka duration is not a duration",
        new[] { "Vibe__Streams__Kafka__BootstrapServers", "127.0.0.1:1", "Vibe__Streams__Kafka__ProduceTimeout", "soon" },
        "Failed to convert configuration value 'soon' at 'Vibe:Streams:Kafka:ProduceTimeout'")]
    [InlineData("the Kafka brokers do not answer",
        new[] { "Vibe__Streams__Kafka__BootstrapServers", "127.0.0.1:1", "Vibe__Streams__Kafka__StartupTimeout", "00:00:02" },
        "the stream provider cannot start: Kafka at 127.0.0.1:1 did not answer within")]
    public async Task A_stream_setting_that_cannot_work_stops_startup_naming_it(string situation, string[] settings, string expected)
    {
        using var data = new TempDirectory();
        var environment = new Dictionary<string, string> { ["Vibe__DataDirectory"] = data.Path };
        for (var i = 0; i < settings.Length; i += 2)
        {
            environment[settings[i]] = settings[i + 1];
        }

        await using var silo = SiloProcess.Start(environment, logFile: null, "--urls", "http://127.0.0.1:0");

        Assert.True(await silo.WaitForExitAsync() == 1, $"{situation}: expected exit code 1. Output:\n{silo.Output}");
        Assert.Contains("Vibe cannot start: ", silo.Output, StringComparison.Ordinal);
        Assert.Contains(expected, silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(SiloProcess.BannerPrefix, silo.Output, StringComparison.Ordinal);
        if (!expected.StartsWith("the stream provider", StringComparison.Ordinal))
        {
            // Settings are checked before anything starts: one line, no stack trace (a broker problem shows Orleans' own start errors too).
            Assert.DoesNotContain("   at ", silo.Output, StringComparison.Ordinal);
        }
    }
}
