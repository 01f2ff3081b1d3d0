using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Vibe.Docker.Runtime;

namespace Vibe.TestSupport;

/// <summary>
/// The workspace containers and networks one Vibe server of a test made, found by its service label.
/// </summary>
public static class ServiceContainers
{
    /// <summary>Removes every container labelled with <paramref name="serviceId"/>, running or not, with its anonymous volumes, then the service's networks.</summary>
    public static Task RemoveAsync(IDockerClient docker, string serviceId) =>
        RemoveAsync(docker, $"{ContainerLabels.Service}={serviceId}", _ => true);

    /// <summary>
    /// Removes every container and network of any of <paramref name="serviceIds"/>: a last sweep for a container whose create
    /// reached the daemon after its server had stopped (the daemon finishes a create whose caller went away).
    /// </summary>
    public static Task RemoveAsync(IDockerClient docker, IReadOnlySet<string> serviceIds) =>
        serviceIds.Count == 0
            ? Task.CompletedTask
            : RemoveAsync(docker, ContainerLabels.Service, labels => labels is not null && labels.TryGetValue(ContainerLabels.Service, out var id) && serviceIds.Contains(id));

    private static async Task RemoveAsync(IDockerClient docker, string label, Func<IDictionary<string, string>?, bool> select)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [label] = true } };
        foreach (var container in (await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filters }, timeout.Token)).Where(c => select(c.Labels)))
        {
            await IgnoreGoneAsync(docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, timeout.Token));
        }

        // Each networked workspace container has a network of its own, labelled like it; removing the container leaves it.
        foreach (var network in (await docker.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filters }, timeout.Token)).Where(n => select(n.Labels)))
        {
            await IgnoreGoneAsync(docker.Networks.DeleteNetworkAsync(network.ID, timeout.Token));
        }
    }

    private static async Task IgnoreGoneAsync(Task removal)
    {
        try
        {
            await removal;
        }
        catch (DockerApiException exception) when (exception.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Removed already, or being removed.
        }
    }
}
