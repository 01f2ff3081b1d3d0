using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Vibe.WebFront.Accounts;
using Vibe.WebFront.Data;
using Vibe.WebFront.Teams;
using Vibe.WebFront.Web;

namespace Vibe.WebFront.Audit;

/// <summary>
/// The audit log: the <see cref="IAuditLog"/> others record with, and its readers — <c>GET /api/v1/teams/{teamId}/audit</c>
/// for the team's owners and admins, <c>GET /api/v1/audit</c> for the installation admin. Pages are newest first; pass
/// the page's <c>nextBefore</c> as <c>before</c> for the next one.
/// </summary>
internal static class AuditApi
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static IServiceCollection AddAuditLog(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton<IAuditLog, AuditLog>();
        return services;
    }

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/teams/{teamId:guid}/audit", GetTeamAudit)
            .WithTags("Audit")
            .WithName("GetTeamAuditLog")
            .WithSummary("The team's audit log, newest first (owners and admins)")
            .RequireAuthorization();
        endpoints.MapGet("/api/v1/audit", GetAudit)
            .WithTags("Audit")
            .WithName("GetAuditLog")
            .WithSummary("The whole installation's audit log, newest first (the installation admin)")
            .RequireAuthorization();
        return endpoints;
    }

    public static async Task<Results<Ok<AuditPage>, ValidationProblem, ProblemHttpResult>> GetTeamAudit(
        Guid teamId, Guid? before, int? limit, ClaimsPrincipal principal, ITeamDirectory directory, VibeDatabase database, CancellationToken cancellationToken)
    {
        var role = await directory.GetRoleAsync(teamId, principal.GetUserId(), cancellationToken);
        if (role is null)
        {
            return ApiProblems.NotFound($"There is no team {teamId}, or you are not a member of it.");
        }

        if (!role.Value.IsAtLeast(TeamRole.Admin))
        {
            return ApiProblems.Forbidden($"Only the team's owners and admins read its audit log; you are a {role.Value.ToName()}.");
        }

        return await ReadPageAsync(database, teamId, before, limit, cancellationToken);
    }

    public static async Task<Results<Ok<AuditPage>, ValidationProblem, ProblemHttpResult>> GetAudit(
        Guid? before, int? limit, ClaimsPrincipal principal, AccountStore accounts, VibeDatabase database, CancellationToken cancellationToken)
    {
        if (await accounts.FindByIdAsync(principal.GetUserId(), cancellationToken) is not { IsAdmin: true })
        {
            return ApiProblems.Forbidden("Only the installation admin (the first account created) reads the whole audit log; team owners and admins read their team's at /api/v1/teams/{teamId}/audit.");
        }

        return await ReadPageAsync(database, teamId: null, before, limit, cancellationToken);
    }

    private static async Task<Results<Ok<AuditPage>, ValidationProblem, ProblemHttpResult>> ReadPageAsync(
        VibeDatabase database, Guid? teamId, Guid? before, int? limit, CancellationToken cancellationToken)
    {
        var size = limit ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
        {
            return ApiProblems.Validation("limit", $"The limit is {size}; give 1 to {MaxPageSize} entries per page.");
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<AuditRow>(new CommandDefinition(
            $"""
            SELECT a.id, a.occurred_at, a.action, a.actor_id, u.email AS actor_email, a.team_id, a.workspace_id, a.subject, a.ip
            FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
            WHERE {(teamId is null ? "1 = 1" : "a.team_id = @teamId")} AND {(before is null ? "1 = 1" : "a.id < @before")}
            ORDER BY a.id DESC
            LIMIT @take
            """,
            new { teamId, before, take = size + 1 }, cancellationToken: cancellationToken))).ToList();
        var items = rows.Take(size).Select(row => row.ToRecord()).ToList();
        return TypedResults.Ok(new AuditPage(items, rows.Count > size ? items[^1].Id : null));
    }

    private sealed class AuditRow
    {
        public Guid Id { get; set; }

        public long OccurredAt { get; set; }

        public string Action { get; set; } = "";

        public Guid? ActorId { get; set; }

        public string? ActorEmail { get; set; }

        public Guid? TeamId { get; set; }

        public string? WorkspaceId { get; set; }

        public string? Subject { get; set; }

        public string? Ip { get; set; }

        public AuditRecord ToRecord() => new(Id, UnixTime.FromMilliseconds(OccurredAt), Action, ActorId, ActorEmail, TeamId, WorkspaceId, Subject, Ip);
    }
}
