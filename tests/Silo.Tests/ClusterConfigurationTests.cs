using Vibe.TestSupport;

namespace Vibe.Silo.Tests;

/// <summary>Cluster settings that cannot work stop the Silo before it starts, with one line saying what to change.</summary>
public sealed class ClusterConfigurationTests
{
    private const string Unreachable = "Host=127.0.0.1;Port=1;Database=vibe;Timeout=5";

    [Theory]
    [InlineData("Vibe is not told where the cluster's database is",
        new[] { "Vibe__Cluster__Enabled", "true" },
        "Vibe:Cluster:Enabled is true but Vibe:Cluster:ConnectionString is empty")]
    [InlineData("the silo port is out of range",
        new[] { "Vibe__Cluster__ConnectionString", Unreachable, "Vibe__Cluster__SiloPort", "70000" },
        "Vibe:Cluster:SiloPort is 70000; use a port from 1 to 65535")]
    [InlineData("the silo port is not a number",
        new[] { "Vibe__Cluster__ConnectionString", Unreachable, "Vibe__Cluster__SiloPort", "eleven" },
        "Failed to convert configuration value 'eleven' at 'Vibe:Cluster:SiloPort'")]
    [InlineData("the listen address is a host name",
        new[] { "Vibe__Cluster__ConnectionString", Unreachable, "Vibe__Cluster__ListenAddress", "localhost" },
        "Vibe:Cluster:ListenAddress 'localhost' is not an IP address")]
    [InlineData("it listens everywhere without saying where others reach it",
        new[] { "Vibe__Cluster__ConnectionString", Unreachable, "Vibe__Cluster__ListenAddress", "0.0.0.0" },
        "set Vibe:Cluster:AdvertisedAddress to this machine's IP address")]
    [InlineData("the connection string has an unknown key",
        new[] { "Vibe__Cluster__ConnectionString", "Hots=db.example" },
        "Vibe:Cluster:ConnectionString is not an Npgsql connection string")]
    [InlineData("the cluster id is blank",
        new[] { "Vibe__Cluster__ConnectionString", Unreachable, "Vibe__Cluster__ClusterId", " " },
        "Vibe:Cluster:ClusterId is empty")]
    [InlineData("a failure-detection timing is negative",
        new[] { "Vibe__Cluster__ConnectionString", Unreachable, "Vibe__Cluster__FailureDetection__ProbeTimeout", "-00:00:01" },
        "invalid configuration: Vibe:Cluster:FailureDetection:ProbeTimeout must be positive.")]
    [InlineData("the membership store is unknown",
        new[] { "Vibe__Cluster__ConnectionString", Unreachable, "Vibe__Cluster__Membership", "Zookeeper" },
        "Vibe:Cluster:Membership is 'Zookeeper'; use Redis (with Vibe:Cluster:Redis) or PostgreSQL")]
    [InlineData("Redis membership without a Redis server",
        new[] { "Vibe__Cluster__ConnectionString", Unreachable, "Vibe__Cluster__Membership", "Redis" },
        "Vibe:Cluster:Membership is Redis but Vibe:Cluster:Redis is empty")]
    [InlineData("PostgreSQL does not answer",
        new[] { "Vibe__Cluster__ConnectionString", Unreachable, "Vibe__Cluster__SiloPort", "0" },
        "the cluster's PostgreSQL database 127.0.0.1:1/vibe cannot be used: Failed to connect to 127.0.0.1:1")]
    public async Task A_cluster_setting_that_cannot_work_stops_startup_naming_it(string situation, string[] settings, string expected)
    {
        var environment = new Dictionary<string, string>();
        for (var i = 0; i < settings.Length; i += 2)
        {
            environment[settings[i]] = settings[i + 1];
        }

        await using var silo = SiloProcess.Start(environment, logFile: null, "--urls", "http://127.0.0.1:0");

        Assert.True(await silo.WaitForExitAsync() == 1, $"{situation}: expected exit code 1. Output:\n{silo.Output}");
        Assert.Contains("Vibe cannot start: ", silo.Output, StringComparison.Ordinal);
        Assert.Contains(expected, silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(SiloProcess.BannerPrefix, silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enabled_false_keeps_the_silo_standalone_even_with_a_connection_string()
    {
        using var data = new TempDirectory();
        await using var silo = SiloProcess.Start(
            new Dictionary<string, string> { ["Vibe__Cluster__Enabled"] = "false", ["Vibe__Cluster__ConnectionString"] = Unreachable },
            logFile: null,
            "--urls", "http://127.0.0.1:0", "--Vibe:DataDirectory", data.Path);

        var banner = await silo.WaitUntilRunningAsync();

        Assert.EndsWith($"(data: {data.Path})", banner, StringComparison.Ordinal);
        Assert.Equal(0, await silo.TerminateAsync());
    }
}
