using System.Globalization;

namespace Vibe.Grains.Workspaces;

/// <summary>
/// Names of workspace containers: "{service}-{workspace}-{generation}". A container adopted from the warm pool has no
/// workspace label (Docker cannot change labels), so its workspace is read back from its name.
/// </summary>
internal static class WorkspaceContainerNames
{
    public static string Format(string serviceId, string workspaceId, int generation) =>
        string.Create(CultureInfo.InvariantCulture, $"{serviceId}-{workspaceId}-{generation}");

    /// <summary>The workspace id in a container name of <paramref name="serviceId"/>; null when it is not such a name.</summary>
    public static string? WorkspaceIdOf(string serviceId, string? containerName)
    {
        if (containerName is null || containerName.Length <= serviceId.Length + 1
            || !containerName.StartsWith(serviceId, StringComparison.Ordinal) || containerName[serviceId.Length] != '-')
        {
            return null;
        }

        var rest = containerName.AsSpan(serviceId.Length + 1);
        var dash = rest.LastIndexOf('-');
        if (dash <= 0 || dash == rest.Length - 1 || rest[(dash + 1)..].ContainsAnyExceptInRange('0', '9'))
        {
            return null;
        }

        var workspaceId = rest[..dash].ToString();
        return WorkspaceIds.IsValid(workspaceId) ? workspaceId : null;
    }
}
