using Dapper;
using Vibe.WebFront.Data;

namespace Vibe.WebFront.Admin;

/// <summary>
/// The settings the installation admin changes in the app (table vibe_settings, beside the signing key and the first
/// admin's id): the sign-up policy and the private endpoints teams may use. Each overrides its configuration default.
/// </summary>
internal sealed class InstallationSettings(VibeDatabase database, TimeProvider time)
{
    /// <summary>The sign-up policy: Open, InviteOnly or Closed.</summary>
    public const string SignUp = "auth.sign_up";

    /// <summary>Endpoints of teams' AI providers that may be private addresses, one origin a line.</summary>
    public const string AllowedAgentEndpoints = "agent.allowed_endpoints";

    /// <summary>The stored value; null when the admin never set it.</summary>
    public async Task<string?> GetAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT value FROM vibe_settings WHERE name = @name", new { name }, cancellationToken: cancellationToken));
    }

    /// <summary>Stores <paramref name="value"/>, replacing what was there.</summary>
    public async Task SetAsync(string name, string value, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO vibe_settings (name, value, created_at) VALUES (@name, @value, @now)
            ON CONFLICT (name) DO UPDATE SET value = excluded.value
            """,
            new { name, value, now = time.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
    }
}
