using System.Net.Sockets;
using Vibe.Docker.Errors;
using Vibe.Docker.Transport;

namespace Vibe.Docker.Tests;

public sealed class UnavailableDaemonTests
{
    [Fact]
    public async Task A_missing_socket_named_by_DOCKER_HOST_throws_DockerUnavailable_saying_how_to_fix_it()
    {
        var socket = $"/tmp/vibe-no-such-docker-{Guid.NewGuid():N}.sock";
        var endpoint = DockerEndpoint.FromEnvironment(name => name == "DOCKER_HOST" ? "unix://" + socket : null);
        using var client = new DockerClient(endpoint);

        var error = await Assert.ThrowsAsync<DockerUnavailableException>(() => client.PingAsync());

        Assert.Equal("unix://" + socket, error.Endpoint);
        Assert.Contains($"Docker daemon not reachable at unix://{socket}", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("start it with `dockerd`", error.Message, StringComparison.Ordinal);
        Assert.Contains("DOCKER_HOST", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_socket_nobody_listens_on_throws_DockerUnavailable()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vibe-dead-{Guid.NewGuid():N}.sock");
        using var bound = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        bound.Bind(new UnixDomainSocketEndPoint(path));
        try
        {
            using var client = new DockerClient(DockerEndpoint.Parse("unix://" + path));

            var error = await Assert.ThrowsAsync<DockerUnavailableException>(() => client.Containers.ListAsync());

            Assert.Contains("nothing listens", error.Message, StringComparison.Ordinal);
            Assert.Contains("start it with `dockerd`", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Exec_start_on_an_unreachable_daemon_also_throws_DockerUnavailable()
    {
        using var client = new DockerClient(DockerEndpoint.Parse($"unix:///tmp/vibe-no-such-docker-{Guid.NewGuid():N}.sock"));

        await Assert.ThrowsAsync<DockerUnavailableException>(() => client.Exec.StartAsync("deadbeef", tty: false));
    }
}
