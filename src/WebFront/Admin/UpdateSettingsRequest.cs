namespace Vibe.WebFront.Admin;

/// <summary>The body of PUT /api/v1/admin/settings (omitted fields stay).</summary>
/// <param name="SignUp">"Open", "InviteOnly" or "Closed".</param>
/// <param name="AllowedAgentEndpoints">The whole list of allowed private endpoints (http(s) URLs); [] clears it.</param>
public sealed record UpdateSettingsRequest(string? SignUp, IReadOnlyList<string>? AllowedAgentEndpoints);
