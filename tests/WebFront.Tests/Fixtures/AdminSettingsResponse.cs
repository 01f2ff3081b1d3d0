namespace Vibe.WebFront.Tests.Fixtures;

/// <summary>The body of GET and PUT /api/v1/admin/settings.</summary>
public sealed record AdminSettingsResponse(string SignUp, List<string> AllowedAgentEndpoints, List<string> ConfiguredAllowedAgentEndpoints, bool Email);
