using Vibe.Docker.Exec;
using Vibe.Docker.Tests.Fixtures;
using Vibe.Docker.Transport;

namespace Vibe.Docker.Tests;

[Collection(DockerCollection.Name)]
public sealed class TcpEndpointTests(DockerFixture docker)
{
    [Fact]
    public async Task A_tcp_DOCKER_HOST_serves_requests_and_hijacked_exec_sessions()
    {
        using var timeout = TestTimeout.Start();
        await using var proxy = new TcpToUnixProxy(docker.Client.Endpoint.SocketPath!);
        var endpoint = DockerEndpoint.FromEnvironment(name => name == "DOCKER_HOST" ? $"tcp://127.0.0.1:{proxy.Port}" : null);
        using var client = new DockerClient(endpoint);
        var id = await docker.RunAsync(docker.Container(), timeout.Token);

        await client.PingAsync(timeout.Token);
        Assert.Equal(id, (await client.Containers.InspectAsync(id, timeout.Token)).Id);
        var result = await client.Exec.RunAsync(id, ["sh", "-c", "cat; echo err >&2"], new ExecRunOptions { StandardInput = "over tcp"u8.ToArray() }, timeout.Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("over tcp", result.Stdout);
        Assert.Equal("err\n", result.Stderr);
    }
}
