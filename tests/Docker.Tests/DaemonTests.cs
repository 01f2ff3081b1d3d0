using Vibe.Docker.Tests.Fixtures;

namespace Vibe.Docker.Tests;

[Collection(DockerCollection.Name)]
public sealed class DaemonTests(DockerFixture docker)
{
    [Fact]
    public async Task Ping_succeeds_against_the_running_daemon()
    {
        using var timeout = TestTimeout.Start();
        await docker.Client.PingAsync(timeout.Token);
    }

    [Fact]
    public async Task Version_reports_the_engine_and_an_API_of_at_least_1_41()
    {
        using var timeout = TestTimeout.Start();

        var version = await docker.Client.GetVersionAsync(timeout.Token);

        Assert.False(string.IsNullOrEmpty(version.Version));
        Assert.Equal("linux", version.Os);
        Assert.True(Version.Parse(version.ApiVersion) >= new Version(1, 41), $"API {version.ApiVersion}");
    }
}
