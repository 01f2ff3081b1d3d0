namespace Vibe.WebFront.Workspaces;

/// <summary>How often one user may create and start workspaces (configuration "Vibe:Workspaces:RateLimit").</summary>
public sealed class WorkspaceRateLimitOptions
{
    public const string SectionName = "Vibe:Workspaces:RateLimit";

    /// <summary>Creates, starts and restarts one user may ask for per <see cref="Window"/>, together (default 20).</summary>
    public int PermitLimit { get; set; } = 20;

    /// <summary>The window the permits refill over (default 1 min).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
