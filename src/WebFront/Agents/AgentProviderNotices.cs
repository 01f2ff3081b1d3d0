using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Vibe.Grains.Interfaces.Agents;
using Vibe.Grains.Workspaces;
using Vibe.WebFront.Hubs;
using Vibe.WebFront.Workspaces;

namespace Vibe.WebFront.Agents;

/// <summary>
/// Tells open agent panels that the provider they show may have changed, so a page opened before a provider was set stops
/// saying none is. A team's change (or a workspace moving team) goes out on each affected workspace's
/// <see cref="AgentStreams.ProviderChanges"/> stream, which every web silo's fan-out forwards to that workspace's agent
/// watchers; an installation change (a configuration reload of <c>Vibe:Agent:Provider</c>) happens on every web silo at
/// once, so each tells its own connections. The notice carries no settings: each page reads its status again, with the
/// help its user may see.
/// </summary>
internal sealed partial class AgentProviderNotices(
    IClusterClient cluster,
    WorkspaceIndex index,
    IHubContext<WorkspaceHub, IWorkspaceClient> hub,
    IOptionsMonitor<AgentProviderOptions> installation,
    IOptions<WorkspaceOptions> workspaces,
    ILogger<AgentProviderNotices> logger) : IHostedService, IDisposable
{
    private IDisposable? _installationChanges;

    /// <summary>After a team's provider was set or removed: every workspace of the team.</summary>
    public async Task TeamChangedAsync(Guid teamId, CancellationToken cancellationToken)
    {
        foreach (var workspaceId in await index.ListTeamWorkspaceIdsAsync(teamId, cancellationToken))
        {
            await WorkspaceChangedAsync(workspaceId);
        }
    }

    /// <summary>After something changed which provider one workspace uses (it moved to another team).</summary>
    public async Task WorkspaceChangedAsync(string workspaceId)
    {
        try
        {
            var stream = cluster.GetStreamProvider(workspaces.Value.StreamProvider).GetStream<AgentProviderChanged>(StreamId.Create(AgentStreams.ProviderChanges, workspaceId));
            await stream.OnNextAsync(new AgentProviderChanged(workspaceId));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The change is made; open pages show it after a reload instead.
            LogNoticeFailed(logger, workspaceId, ex.GetType().Name, ex.Message);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _installationChanges = installation.OnChange(OnInstallationChanged);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _installationChanges?.Dispose();
        _installationChanges = null;
    }

    private void OnInstallationChanged(AgentProviderOptions options) => _ = InstallationChangedAsync();

    private async Task InstallationChangedAsync()
    {
        try
        {
            // Workspaces with a team provider of their own ignore it: they read an unchanged status.
            await hub.Clients.All.AgentProviderChanged(new { workspaceId = (string?)null });
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogNoticeFailed(logger, "(all)", ex.GetType().Name, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the open pages of workspace {WorkspaceId} that its AI provider changed ({Exception}: {Reason})")]
    private static partial void LogNoticeFailed(ILogger logger, string workspaceId, string exception, string reason);
}
