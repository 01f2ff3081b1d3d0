using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Vibe.Docker.Runtime;

namespace Vibe.Testing;

/// <summary>The workspace containers one Vibe server of a test made, found by its service label. Linked into each test project that starts servers.</summary>
internal static class ServiceContainers
{
    /// <summary>Removes every container labelled with <paramref name="serviceId"/>, running or not, with its anonymous volumes.</summary>
    public static async Task RemoveAsync(IDockerClient docker, string serviceId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.Service}={serviceId}"] = true } };
        foreach (var container in await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filters }, timeout.Token))
        {
            try
            {
                await docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, timeout.Token);
            }
            catch (DockerApiException exception) when (exception.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
            {
                // Removed already, or being removed.
            }
        }
    }
}
