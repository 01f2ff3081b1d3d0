namespace Vibe.WebFront.Admin;

/// <summary>The answer to opening the cluster dashboard: where it is, and until when the cookie set with it lets the browser in.</summary>
/// <param name="Url">The dashboard's path on this server.</param>
/// <param name="ExpiresAt">When the cookie expires unless the dashboard's requests renew it.</param>
public sealed record ClusterDashboardSession(string Url, DateTimeOffset ExpiresAt);
