using Vibe.Grains.Interfaces.Agents;

namespace Vibe.WebFront.Agents;

/// <summary>
/// Which AI provider a workspace's agent talks to: its team's override if the team set one, else the installation's
/// Vibe:Agent:Provider, else none. Callers check the caller's permission on the workspace first.
/// </summary>
public interface IAgentProviderResolver
{
    /// <summary>The provider for <paramref name="workspaceId"/>; null when none is configured (or the workspace does not exist).</summary>
    Task<AgentProviderSettings?> ResolveAsync(string workspaceId, CancellationToken cancellationToken = default);

    /// <summary>The provider for <paramref name="teamId"/>'s workspaces (null: a personal workspace, installation only).</summary>
    Task<AgentProviderSettings?> ResolveAsync(Guid? teamId, CancellationToken cancellationToken = default);

    /// <summary>The provider for <paramref name="workspaceId"/> with its source, or the help text saying how to configure one.</summary>
    Task<AgentProviderResolution> DescribeAsync(string workspaceId, CancellationToken cancellationToken = default);

    /// <summary>The provider for <paramref name="teamId"/>'s workspaces with its source, or the help text.</summary>
    Task<AgentProviderResolution> DescribeAsync(Guid? teamId, CancellationToken cancellationToken = default);
}
