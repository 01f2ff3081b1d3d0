using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Vibe.Docker.Runtime;

namespace Vibe.Testing;

/// <summary>The workspace containers one Vibe server of a test made, found by its service label. Linked into each test project that starts servers.</summary>
internal static class ServiceContainers
{
    /// <summary>Removes every container labelled with <paramref name="serviceId"/>, running or not, with its anonymous volumes.</summary>
    public static Task RemoveAsync(IDockerClient docker, string serviceId) =>
        RemoveAsync(docker, $"{ContainerLabels.Service}={serviceId}", _ => true);

    /// <summary>
    /// Removes every container of any of <paramref name="serviceIds"/>: a last sweep for a container whose create reached
    /// the daemon after its server had stopped (the daemon finishes a create whose caller went away).
    /// </summary>
    public static Task RemoveAsync(IDockerClient docker, IReadOnlySet<string> serviceIds) =>
        serviceIds.Count == 0
            ? Task.CompletedTask
            : RemoveAsync(docker, ContainerLabels.Service, c => c.Labels is { } labels && labels.TryGetValue(ContainerLabels.Service, out var id) && serviceIds.Contains(id));

    private static async Task RemoveAsync(IDockerClient docker, string label, Func<ContainerListResponse, bool> select)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [label] = true } };
        foreach (var container in (await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filters }, timeout.Token)).Where(select))
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
