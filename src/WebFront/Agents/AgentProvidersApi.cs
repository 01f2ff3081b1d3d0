using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vibe.Grains.Interfaces.Agents;
using Vibe.WebFront.Accounts;
using Vibe.WebFront.Teams;
using Vibe.WebFront.Web;
using Vibe.WebFront.Workspaces;

namespace Vibe.WebFront.Agents;

/// <summary>
/// The AI provider configuration: <c>GET /api/v1/workspaces/{id}/agent</c> (Read: whether the agent can run, with which
/// provider and model, and if not how to configure one) and <c>/api/v1/teams/{teamId}/agent-provider</c> (a team's
/// override; owners and admins). Keys are write-only: stored encrypted with Data Protection, never returned or logged. Open agent panels hear of every change (<see cref="AgentProviderNotices"/>).
/// </summary>
internal static class AgentProvidersApi
{
    /// <summary>The installation options, the team store (its keys encrypted with Data Protection, see AddSecrets), and <see cref="IAgentProviderResolver"/>.</summary>
    public static IServiceCollection AddAgentProviders(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<AgentProviderOptions>().BindConfiguration(AgentProviderOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TeamAgentProviderStore>();
        services.AddSingleton<AllowedEndpoints>();
        services.AddSingleton<AgentSpendGate>();
        services.TryAddSingleton<IAgentProviderResolver, AgentProviderResolver>();
        services.AddSingleton<AgentProviderNotices>();
        services.AddHostedService(sp => sp.GetRequiredService<AgentProviderNotices>());
        return services;
    }

    public static IEndpointRouteBuilder MapAgentProvidersApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapWorkspaceGroup().MapGet("/agent", GetWorkspaceAgent)
            .WithTags("Agent")
            .WithName("GetWorkspaceAgent")
            .WithSummary("Whether the workspace's AI agent can run, with which provider and model, or how to configure one (Read)")
            .RequiresWorkspace(WorkspacePermission.Read);

        var team = endpoints.MapGroup("/api/v1/teams/{teamId:guid}/agent-provider").WithTags("Agent").RequireAuthorization();
        team.MapGet("", GetTeamProvider)
            .WithName("GetTeamAgentProvider")
            .WithSummary("The team's AI provider override, without its key (owners and admins)");
        team.MapPut("", SetTeamProvider)
            .WithName("SetTeamAgentProvider")
            .WithSummary("Sets the team's AI provider override; the key is write-only (owners and admins)");
        team.MapDelete("", DeleteTeamProvider)
            .WithName("DeleteTeamAgentProvider")
            .WithSummary("Removes the team's override: its workspaces use the installation's provider (owners and admins)");
        return endpoints;
    }

    public static async Task<Results<Ok<AgentStatus>, ProblemHttpResult>> GetWorkspaceAgent(
        HttpContext context, ClaimsPrincipal principal, IAgentProviderResolver resolver, AccountStore accounts, CancellationToken cancellationToken)
    {
        var admin = await accounts.IsEnabledAdminAsync(principal.GetUserId(), cancellationToken);
        return TypedResults.Ok((await resolver.DescribeAsync(context.GetWorkspace().TeamId, cancellationToken)).ToStatus(admin));
    }

    public static async Task<Results<Ok<TeamAgentProvider>, ProblemHttpResult>> GetTeamProvider(
        Guid teamId, ClaimsPrincipal principal, ITeamDirectory directory, TeamAgentProviderStore store, CancellationToken cancellationToken)
    {
        if (await RequireAdmin(directory, teamId, principal.GetUserId(), "see its AI provider", cancellationToken) is { } refused)
        {
            return refused;
        }

        return await store.GetAsync(teamId, cancellationToken) is { } provider
            ? TypedResults.Ok(provider)
            : ApiProblems.NotFound($"Team {teamId} has no AI provider of its own: its workspaces use the installation's (Vibe:Agent:Provider).");
    }

    public static async Task<Results<Ok<TeamAgentProvider>, ValidationProblem, ProblemHttpResult>> SetTeamProvider(
        Guid teamId,
        SetTeamAgentProviderRequest request,
        ClaimsPrincipal principal,
        ITeamDirectory directory,
        TeamAgentProviderStore store,
        IOptionsMonitor<AgentProviderOptions> installation,
        AgentProviderNotices notices,
        CancellationToken cancellationToken)
    {
        var userId = principal.GetUserId();
        if (await RequireAdmin(directory, teamId, userId, "configure its AI provider", cancellationToken) is { } refused)
        {
            return refused;
        }

        var errors = new Dictionary<string, string[]>();
        var kind = WireJson.Parse<AgentProviderKind>(request.Kind);
        if (kind is null)
        {
            errors["kind"] = ["The kind must be \"anthropic\" (the Anthropic Messages API) or \"openai\" (any OpenAI-compatible chat-completions endpoint)."];
        }

        if (AgentProviderValidation.DescribeInvalidEndpoint(request.Endpoint, out var endpoint) is { } endpointProblem)
        {
            errors["endpoint"] = [endpointProblem];
        }

        if (AgentProviderValidation.DescribeInvalidModel(request.Model) is { } modelProblem)
        {
            errors["model"] = [modelProblem];
        }

        var maxOutputTokens = request.MaxOutputTokens ?? installation.CurrentValue.MaxOutputTokens;
        if (AgentProviderValidation.DescribeInvalidMaxOutputTokens(maxOutputTokens) is { } tokensProblem)
        {
            errors["maxOutputTokens"] = [tokensProblem];
        }

        var apiKey = request.ApiKey?.Trim();
        if (!string.IsNullOrEmpty(apiKey) && AgentProviderValidation.DescribeInvalidApiKey(apiKey) is { } keyProblem)
        {
            errors["apiKey"] = [keyProblem];
        }

        // A key belongs to the provider it was given for: a new kind or endpoint without a new key drops the stored one, so
        // whoever can change the endpoint cannot have the key sent somewhere else.
        if (errors.Count == 0 && apiKey is null && await store.GetAsync(teamId, cancellationToken) is { } current && (current.Kind != kind || current.Endpoint != endpoint))
        {
            apiKey = "";
        }

        if (errors.Count == 0 && AgentProviderValidation.RequiresApiKey(kind!.Value, endpoint) && !await HasKeyAfterAsync(store, teamId, apiKey, cancellationToken))
        {
            errors["apiKey"] = [kind == AgentProviderKind.Anthropic
                ? "The Anthropic API needs an API key (a stored key is kept only while the kind and endpoint stay the same)."
                : "OpenAI's own endpoint needs an API key (a stored key is kept only while the kind and endpoint stay the same); only a custom endpoint (a local Ollama, vLLM or LM Studio) may go without."];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var saved = await store.SaveAsync(teamId, kind!.Value, endpoint, request.Model!.Trim(), maxOutputTokens, apiKey, userId, cancellationToken);
        await notices.TeamChangedAsync(teamId, CancellationToken.None);
        return TypedResults.Ok(saved);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteTeamProvider(
        Guid teamId, ClaimsPrincipal principal, ITeamDirectory directory, TeamAgentProviderStore store, AgentProviderNotices notices, CancellationToken cancellationToken)
    {
        if (await RequireAdmin(directory, teamId, principal.GetUserId(), "configure its AI provider", cancellationToken) is { } refused)
        {
            return refused;
        }

        await store.DeleteAsync(teamId, cancellationToken);
        await notices.TeamChangedAsync(teamId, CancellationToken.None);
        return TypedResults.NoContent();
    }

    // null keeps the stored key, "" removes it, anything else replaces it.
    private static async Task<bool> HasKeyAfterAsync(TeamAgentProviderStore store, Guid teamId, string? apiKey, CancellationToken cancellationToken) =>
        apiKey is null ? (await store.GetAsync(teamId, cancellationToken))?.HasApiKey == true : apiKey.Length > 0;

    private static async Task<ProblemHttpResult?> RequireAdmin(ITeamDirectory directory, Guid teamId, Guid userId, string action, CancellationToken cancellationToken)
    {
        var role = await directory.GetRoleAsync(teamId, userId, cancellationToken);
        if (role is null)
        {
            return ApiProblems.NotFound($"There is no team {teamId}, or you are not a member of it.");
        }

        return role.Value.IsAtLeast(TeamRole.Admin)
            ? null
            : ApiProblems.Forbidden($"Only the team's owners and admins may {action}; you are a {WireJson.Name(role.Value)}.");
    }
}
