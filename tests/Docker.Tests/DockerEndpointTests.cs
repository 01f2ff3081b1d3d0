using Vibe.Docker.Transport;

namespace Vibe.Docker.Tests;

public sealed class DockerEndpointTests
{
    [Fact]
    public void Without_DOCKER_HOST_the_default_socket_is_used()
    {
        var endpoint = DockerEndpoint.FromEnvironment(_ => null);

        Assert.Equal("/var/run/docker.sock", endpoint.SocketPath);
        Assert.Equal("unix:///var/run/docker.sock", endpoint.Value);
    }

    [Theory]
    [InlineData("unix:///run/user/1000/docker.sock", "/run/user/1000/docker.sock")]
    [InlineData("/var/run/other.sock", "/var/run/other.sock")]
    public void Unix_endpoints_name_a_socket_path(string value, string path)
    {
        var endpoint = DockerEndpoint.Parse(value);

        Assert.True(endpoint.IsUnixSocket);
        Assert.Equal(path, endpoint.SocketPath);
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:2375", "127.0.0.1", 2375)]
    [InlineData("tcp://docker-host:12375", "docker-host", 12375)]
    [InlineData("tcp://docker-host", "docker-host", 2375)]
    public void Tcp_endpoints_name_a_host_and_port(string value, string host, int port)
    {
        var endpoint = DockerEndpoint.Parse(value);

        Assert.False(endpoint.IsUnixSocket);
        Assert.Equal(host, endpoint.Host);
        Assert.Equal(port, endpoint.Port);
    }

    [Theory]
    [InlineData("ssh://user@host")]
    [InlineData("unix://relative.sock")]
    [InlineData("npipe:////./pipe/docker_engine")]
    public void Unsupported_endpoints_are_rejected_with_the_supported_forms(string value)
    {
        var error = Assert.Throws<FormatException>(() => DockerEndpoint.Parse(value));

        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }
}
