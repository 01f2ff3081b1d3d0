using Vibe.Docker.Errors;
using Vibe.Docker.Networks;
using Vibe.Docker.Tests.Fixtures;

namespace Vibe.Docker.Tests;

[Collection(DockerCollection.Name)]
public sealed class NetworkTests(DockerFixture docker)
{
    [Fact]
    public async Task An_internal_network_is_created_listed_connected_disconnected_and_removed()
    {
        using var timeout = TestTimeout.Start();
        var name = docker.UniqueName();
        var networkId = await docker.Client.Networks.CreateAsync(
            new NetworkCreateParameters { Name = name, Internal = true, Labels = new Dictionary<string, string> { [DockerFixture.RunLabel] = docker.RunId } },
            timeout.Token);

        var listed = Assert.Single(await docker.Client.Networks.ListAsync(new DockerFilters().Add("name", name), timeout.Token));
        Assert.Equal(networkId, listed.Id);
        Assert.True(listed.Internal);
        Assert.Equal(docker.RunId, listed.Labels?[DockerFixture.RunLabel]);

        var containerId = await docker.RunAsync(docker.Container(), timeout.Token);
        await docker.Client.Networks.ConnectAsync(networkId, containerId, ["workspace-1"], timeout.Token);
        var connected = await docker.Client.Containers.InspectAsync(containerId, timeout.Token);
        Assert.Contains("workspace-1", connected.NetworkSettings!.Networks![name].Aliases!);
        Assert.Contains(containerId, (await docker.Client.Networks.InspectAsync(networkId, timeout.Token)).Containers!.Keys);

        await docker.Client.Networks.DisconnectAsync(networkId, containerId, cancellationToken: timeout.Token);
        Assert.DoesNotContain(name, (await docker.Client.Containers.InspectAsync(containerId, timeout.Token)).NetworkSettings!.Networks!.Keys);

        await docker.Client.Networks.RemoveAsync(networkId, timeout.Token);
        await Assert.ThrowsAsync<DockerNotFoundException>(() => docker.Client.Networks.RemoveAsync(networkId, timeout.Token));
    }

    [Fact]
    public async Task A_duplicate_network_name_is_a_conflict()
    {
        using var timeout = TestTimeout.Start();
        var parameters = new NetworkCreateParameters { Name = docker.UniqueName(), Labels = new Dictionary<string, string> { [DockerFixture.RunLabel] = docker.RunId } };
        await docker.Client.Networks.CreateAsync(parameters, timeout.Token);

        await Assert.ThrowsAsync<DockerConflictException>(() => docker.Client.Networks.CreateAsync(parameters, timeout.Token));
    }
}
