using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Vibe.Grains.Interfaces.Agents;
using Vibe.WebFront.Data;

namespace Vibe.WebFront.Agents;

/// <summary>
/// Teams' AI provider overrides (table team_agent_providers). The key is protected with ASP.NET Core Data Protection
/// under a purpose that includes the team id before it is written, and unprotected only to hand it to a run.
/// </summary>
internal sealed class TeamAgentProviderStore(VibeDatabase database, IDataProtectionProvider dataProtection, TimeProvider time)
{
    private const string Purpose = "Vibe.Agents.ProviderApiKey.v1";

    private readonly IDataProtector _protector = dataProtection.CreateProtector(Purpose);

    /// <summary>The team's override without its key; null when the team has none.</summary>
    public async Task<TeamAgentProvider?> GetAsync(Guid teamId, CancellationToken cancellationToken) =>
        (await ReadAsync(teamId, cancellationToken))?.ToView();

    /// <summary>The team's override with its key decrypted; null when the team has none.</summary>
    /// <exception cref="CryptographicException">The stored key cannot be decrypted (the key ring lost its key).</exception>
    public async Task<AgentProviderSettings?> GetSettingsAsync(Guid teamId, CancellationToken cancellationToken)
    {
        var row = await ReadAsync(teamId, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var key = row.ApiKeyProtected is null ? "" : ProtectorFor(teamId).Unprotect(row.ApiKeyProtected);
        return new AgentProviderSettings(Enum.Parse<AgentProviderKind>(row.Kind), ParseEndpoint(row.Endpoint), key, row.Model, (int)row.MaxOutputTokens);
    }

    /// <summary>Creates or replaces the team's override; a null <paramref name="apiKey"/> keeps the stored key, "" removes it.</summary>
    public async Task<TeamAgentProvider> SaveAsync(
        Guid teamId, AgentProviderKind kind, Uri? endpoint, string model, int maxOutputTokens, string? apiKey, Guid userId, CancellationToken cancellationToken)
    {
        var protectedKey = string.IsNullOrEmpty(apiKey) ? null : ProtectorFor(teamId).Protect(apiKey);
        var keyUpdate = apiKey is null ? "" : ", api_key_protected = excluded.api_key_protected";
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                INSERT INTO team_agent_providers (team_id, kind, endpoint, model, max_output_tokens, api_key_protected, updated_by, updated_at)
                VALUES (@teamId, @kind, @endpoint, @model, @maxOutputTokens, @protectedKey, @userId, @now)
                ON CONFLICT (team_id) DO UPDATE SET
                    kind = excluded.kind, endpoint = excluded.endpoint, model = excluded.model,
                    max_output_tokens = excluded.max_output_tokens, updated_by = excluded.updated_by, updated_at = excluded.updated_at{keyUpdate}
                """,
                new
                {
                    teamId,
                    kind = kind.ToString(),
                    endpoint = endpoint?.ToString(),
                    model,
                    maxOutputTokens,
                    protectedKey,
                    userId,
                    now = time.GetUtcNow().ToUnixTimeMilliseconds(),
                },
                cancellationToken: cancellationToken));
        }

        return await GetAsync(teamId, cancellationToken) ?? throw new InvalidOperationException($"The AI provider of team {teamId} was saved but cannot be read back.");
    }

    /// <summary>Removes the team's override; false when it had none.</summary>
    public async Task<bool> DeleteAsync(Guid teamId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM team_agent_providers WHERE team_id = @teamId", new { teamId }, cancellationToken: cancellationToken)) > 0;
    }

    // The team id in the purpose: a ciphertext copied into another team's row does not decrypt there.
    private IDataProtector ProtectorFor(Guid teamId) => _protector.CreateProtector(teamId.ToString("D"));

    private async Task<ProviderRow?> ReadAsync(Guid teamId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ProviderRow>(new CommandDefinition(
            """
            SELECT team_id, kind, endpoint, model, max_output_tokens, api_key_protected, updated_by, updated_at
            FROM team_agent_providers WHERE team_id = @teamId
            """,
            new { teamId }, cancellationToken: cancellationToken));
    }

    private static Uri? ParseEndpoint(string? endpoint) => endpoint is null ? null : new Uri(endpoint, UriKind.Absolute);

    private sealed class ProviderRow
    {
        public Guid TeamId { get; set; }

        public string Kind { get; set; } = "";

        public string? Endpoint { get; set; }

        public string Model { get; set; } = "";

        public long MaxOutputTokens { get; set; }

        public string? ApiKeyProtected { get; set; }

        public Guid UpdatedBy { get; set; }

        public long UpdatedAt { get; set; }

        public TeamAgentProvider ToView() => new(
            TeamId, Enum.Parse<AgentProviderKind>(Kind), ParseEndpoint(Endpoint), Model, (int)MaxOutputTokens, ApiKeyProtected is not null, UpdatedBy,
            UnixTime.FromMilliseconds(UpdatedAt));
    }
}
