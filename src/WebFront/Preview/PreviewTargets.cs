using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.WebFront.Workspaces;

namespace Vibe.WebFront.Preview;

/// <summary>
/// What the proxy asks per request, kept for <see cref="PreviewOptions.CacheTime"/> so a page's many requests cost one
/// grain call and one permission lookup: the workspace's address and public ports, and a visitor's permission. It also
/// tells the workspace it is in use, at most every <see cref="PreviewOptions.ActivityInterval"/>.
/// </summary>
internal sealed partial class PreviewTargets(
    IGrainFactory grains,
    IWorkspaceAccess access,
    IMemoryCache cache,
    IOptions<PreviewOptions> options,
    TimeProvider clock,
    ILogger<PreviewTargets> logger)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastTouched = new(StringComparer.Ordinal);

    /// <summary>The workspace's preview target; throws <see cref="WorkspaceNotFoundException"/> for one that does not exist.</summary>
    public async Task<WorkspacePreviewTarget> GetAsync(string workspaceId)
    {
        var key = ("preview-target", workspaceId);
        if (cache.TryGetValue(key, out WorkspacePreviewTarget? target) && target is not null)
        {
            return target;
        }

        target = await grains.GetGrain<IWorkspaceGrain>(workspaceId).GetPreviewTarget();
        cache.Set(key, target, options.Value.CacheTime);
        return target;
    }

    /// <summary>Forgets what this silo knows of the workspace (its public ports changed, a start was asked for).</summary>
    public void Forget(string workspaceId) => cache.Remove(("preview-target", workspaceId));

    public async Task<WorkspacePermission> GetPermissionAsync(Guid userId, string workspaceId, CancellationToken cancellationToken)
    {
        var key = ("preview-permission", userId, workspaceId);
        if (cache.TryGetValue(key, out WorkspacePermission permission))
        {
            return permission;
        }

        permission = await access.GetPermissionAsync(userId, workspaceId, cancellationToken);
        cache.Set(key, permission, options.Value.CacheTime);
        return permission;
    }

    /// <summary>Records preview traffic as activity, so a workspace in use is not idle-stopped; throttled, never throws.</summary>
    public void Touch(string workspaceId)
    {
        var now = clock.GetUtcNow();
        if (_lastTouched.TryGetValue(workspaceId, out var last) && now - last < options.Value.ActivityInterval)
        {
            return;
        }

        _lastTouched[workspaceId] = now;
        _ = TouchAsync(workspaceId);
    }

    private async Task TouchAsync(string workspaceId)
    {
        try
        {
            await grains.GetGrain<IWorkspaceGrain>(workspaceId).Touch();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogTouchFailed(logger, workspaceId, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Workspace {WorkspaceId}: recording preview activity failed: {Problem}")]
    private static partial void LogTouchFailed(ILogger logger, string workspaceId, string problem);
}
