using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Options;
using Vibe.Grains.Interfaces.Agents;
using Vibe.Grains.Workspaces;
using Vibe.WebFront.Data;

namespace Vibe.WebFront.Agents;

/// <summary>
/// <see cref="IAgentProviderResolver"/>: the workspace's team from the workspace index, the team's override from
/// <see cref="TeamAgentProviderStore"/>, else the installation's options (read live, so a configuration reload applies).
/// The installation's provider, set by the operator, may connect anywhere; a team's only to public addresses, unless the
/// installation admin allowed its endpoint (<see cref="AllowedEndpoints"/>).
/// </summary>
internal sealed partial class AgentProviderResolver(
    VibeDatabase database,
    TeamAgentProviderStore teams,
    AllowedEndpoints allowedEndpoints,
    IOptionsMonitor<AgentProviderOptions> installation,
    ILogger<AgentProviderResolver> logger) : IAgentProviderResolver
{
    private const string HowToConfigure =
        "An operator sets Vibe:Agent:Provider:Kind (Anthropic or OpenAI), Vibe:Agent:Provider:Model and Vibe:Agent:Provider:ApiKey " +
        "(plus Vibe:Agent:Provider:Endpoint for OpenAI-compatible servers such as Ollama, vLLM, LM Studio or OpenRouter), see docs/agent.md; " +
        "or a team owner or admin sets one for the team (PUT /api/v1/teams/{teamId}/agent-provider).";

    private const string AskSomeone = "Ask the installation admin to configure one, or a team owner or admin to set one for the team.";

    public async Task<AgentProviderSettings?> ResolveAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        (await DescribeAsync(workspaceId, cancellationToken)).Settings;

    public async Task<AgentProviderSettings?> ResolveAsync(Guid? teamId, CancellationToken cancellationToken = default) =>
        (await DescribeAsync(teamId, cancellationToken)).Settings;

    public async Task<AgentProviderResolution> DescribeAsync(string workspaceId, CancellationToken cancellationToken = default)
    {
        if (!WorkspaceIds.IsValid(workspaceId))
        {
            return NoWorkspace(workspaceId);
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<WorkspaceTeamRow>(new CommandDefinition(
            "SELECT team_id FROM workspaces WHERE id = @workspaceId AND NOT deleted", new { workspaceId }, cancellationToken: cancellationToken))).ToList();
        if (rows.Count == 0)
        {
            return NoWorkspace(workspaceId);
        }

        return await DescribeAsync(rows[0].TeamId, cancellationToken);
    }

    public async Task<AgentProviderResolution> DescribeAsync(Guid? teamId, CancellationToken cancellationToken = default)
    {
        if (teamId is { } team)
        {
            try
            {
                if (await teams.GetSettingsAsync(team, cancellationToken) is { } settings)
                {
                    var trust = settings.Endpoint is { } endpoint && await allowedEndpoints.ContainsAsync(endpoint, cancellationToken)
                        ? AgentEndpointTrust.AllowedEndpoint
                        : AgentEndpointTrust.PublicOnly;
                    return new AgentProviderResolution(settings with { Trust = trust }, AgentProviderSources.Team, null, null);
                }
            }
            catch (CryptographicException)
            {
                LogUndecryptableKey(logger, team);
                return new AgentProviderResolution(null, null,
                    "The team's AI provider key cannot be decrypted (the Data Protection key ring no longer has its key): a team owner or admin must set the key again (PUT /api/v1/teams/{teamId}/agent-provider).",
                    "The team's AI provider key can no longer be read: a team owner or admin must set it again.");
            }
        }

        return FromInstallation(installation.CurrentValue);
    }

    private static AgentProviderResolution FromInstallation(AgentProviderOptions options)
    {
        if (options.Kind is not { } kind)
        {
            return new AgentProviderResolution(null, null, "No AI provider is configured. " + HowToConfigure, "No AI provider is configured. " + AskSomeone);
        }

        var problem = AgentProviderValidation.DescribeInvalidEndpoint(options.Endpoint, out var endpoint)
            ?? AgentProviderValidation.DescribeInvalidModel(options.Model)
            ?? AgentProviderValidation.DescribeInvalidMaxOutputTokens(options.MaxOutputTokens)
            ?? (string.IsNullOrEmpty(options.ApiKey)
                ? AgentProviderValidation.RequiresApiKey(kind, endpoint) ? "The API key is not set." : null
                : AgentProviderValidation.DescribeInvalidApiKey(options.ApiKey));
        if (problem is not null)
        {
            return new AgentProviderResolution(null, null, $"The installation's AI provider (Vibe:Agent:Provider) is incomplete: {problem} " + HowToConfigure,
                "The installation's AI provider is not set up completely. " + AskSomeone);
        }

        var settings = new AgentProviderSettings(kind, endpoint, options.ApiKey ?? "", options.Model!.Trim(), options.MaxOutputTokens, AgentEndpointTrust.Any);
        return new AgentProviderResolution(settings, AgentProviderSources.Installation, null, null);
    }

    private static AgentProviderResolution NoWorkspace(string workspaceId) =>
        new(null, null, $"There is no workspace {workspaceId}.", $"There is no workspace {workspaceId}.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "The AI provider key of team {TeamId} cannot be decrypted; the team must set it again")]
    private static partial void LogUndecryptableKey(ILogger logger, Guid teamId);

    private sealed class WorkspaceTeamRow
    {
        public Guid? TeamId { get; set; }
    }
}
