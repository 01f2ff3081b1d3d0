using System.Net.Sockets;
using Vibe.Docker.Errors;
using Vibe.Docker.Runtime;
using Vibe.Docker.Tests.Fixtures;

namespace Vibe.Docker.Tests;

/// <summary>What people see when the engine is missing or cannot serve Vibe: one sentence saying what is wrong and how to fix it.</summary>
public sealed class EngineAvailabilityTests
{
    [Fact]
    public async Task A_missing_socket_fails_every_call_saying_how_to_start_docker()
    {
        var socket = Path.Combine(Path.GetTempPath(), $"vibe-no-such-docker-{Guid.NewGuid():N}.sock");
        using var client = DockerEngine.Connect("unix://" + socket);
        var runtime = new DockerContainerRuntime(client, new ContainerRuntimeOptions());

        var error = await Assert.ThrowsAsync<DockerUnavailableException>(() => runtime.EnsureImageAsync(DockerContainerRuntime.BlankTemplate));
        await Assert.ThrowsAsync<DockerUnavailableException>(() => runtime.ListByLabelAsync(ContainerLabels.Workspace));
        await Assert.ThrowsAsync<DockerUnavailableException>(() => runtime.OpenTerminalAsync("deadbeef", ["sh"], 80, 24));

        Assert.Equal("unix://" + socket, error.Endpoint);
        Assert.Equal(
            $"Docker daemon not reachable at unix://{socket} (the socket does not exist): start it with `dockerd` (or `sudo systemctl start docker`) or set DOCKER_HOST.",
            error.Message);
    }

    [Fact]
    public async Task A_socket_nobody_listens_on_is_reported_as_such()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vibe-dead-docker-{Guid.NewGuid():N}.sock");
        using var bound = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        bound.Bind(new UnixDomainSocketEndPoint(path));
        try
        {
            using var client = DockerEngine.Connect("unix://" + path);
            var runtime = new DockerContainerRuntime(client, new ContainerRuntimeOptions());

            var error = await Assert.ThrowsAsync<DockerUnavailableException>(() => runtime.InspectAsync("deadbeef"));

            Assert.Contains("(the socket exists but nothing listens on it): start it with `dockerd`", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task An_engine_older_than_API_1_41_is_refused_before_anything_is_asked_of_it()
    {
        await using var engine = await FakeEngine.StartAsync(apiVersion: "1.40", engineVersion: "19.03.15");
        using var client = DockerEngine.Connect("unix://" + engine.SocketPath);
        var runtime = new DockerContainerRuntime(client, new ContainerRuntimeOptions());

        var error = await Assert.ThrowsAsync<DockerUnavailableException>(() => runtime.EnsureImageAsync(DockerContainerRuntime.BlankTemplate));
        await Assert.ThrowsAsync<DockerUnavailableException>(() => runtime.ListByLabelAsync(ContainerLabels.Workspace));

        Assert.Equal(
            $"The Docker engine at unix://{engine.SocketPath} is too old: it speaks Engine API 1.40 (Docker 19.03.15), and Vibe needs 1.41 (Docker 20.10) or newer. Upgrade it, or set DOCKER_HOST to a newer engine.",
            error.Message);
        Assert.All(engine.Requests, path => Assert.Equal("/version", path));
    }
}
