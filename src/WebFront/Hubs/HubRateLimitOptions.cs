namespace Vibe.WebFront.Hubs;

/// <summary>How often one user may start watching through the workspace hub (configuration "Vibe:Hub:RateLimit").</summary>
public sealed class HubRateLimitOptions
{
    public const string SectionName = "Vibe:Hub:RateLimit";

    /// <summary>
    /// Calls of the hub's watching methods (join or resume a workspace, mark its logs, open or attach a terminal, open a
    /// document, watch the agent or the files) one user may make per <see cref="Window"/>, over all their connections
    /// (default 1,200). A workspace page that opens or reconnects makes about four; the dashboard makes one per workspace
    /// it lists, so a user who sees 200 workspaces can still load it six times a minute.
    /// </summary>
    public int PermitLimit { get; set; } = 1200;

    /// <summary>The time the permits refill over, evenly (default 1 min).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
