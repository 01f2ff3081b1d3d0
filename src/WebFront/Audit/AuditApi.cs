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
/// the page's <c>nextBefore</c> as <c>before</c> for the next one. Both take filters: <c>action</c> (an action, or a
/// prefix such as "auth" or "team.member"), <c>q</c> (text in the actor's email or the subject), <c>since</c> and
/// <c>until</c> (times), and for the installation admin <c>teamId</c>.
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
        Guid teamId, Guid? before, int? limit, string? action, string? q, DateTimeOffset? since, DateTimeOffset? until,
        ClaimsPrincipal principal, ITeamDirectory directory, VibeDatabase database, CancellationToken cancellationToken)
    {
        var role = await directory.GetRoleAsync(teamId, principal.GetUserId(), cancellationToken);
        if (role is null)
        {
            return ApiProblems.NotFound($"There is no team {teamId}, or you are not a member of it.");
        }

        if (!role.Value.IsAtLeast(TeamRole.Admin))
        {
            return ApiProblems.Forbidden($"Only the team's owners and admins read its audit log; you are a {WireJson.Name(role.Value)}.");
        }

        return await ReadPageAsync(database, new AuditFilter(teamId, action, q, since, until), before, limit, cancellationToken);
    }

    public static async Task<Results<Ok<AuditPage>, ValidationProblem, ProblemHttpResult>> GetAudit(
        Guid? before, int? limit, string? action, string? q, Guid? teamId, DateTimeOffset? since, DateTimeOffset? until,
        ClaimsPrincipal principal, AccountStore accounts, VibeDatabase database, CancellationToken cancellationToken)
    {
        if (!await accounts.IsEnabledAdminAsync(principal.GetUserId(), cancellationToken))
        {
            return ApiProblems.Forbidden("Only installation admins read the whole audit log; team owners and admins read their team's at /api/v1/teams/{teamId}/audit.");
        }

        return await ReadPageAsync(database, new AuditFilter(teamId, action, q, since, until), before, limit, cancellationToken);
    }

    private static async Task<Results<Ok<AuditPage>, ValidationProblem, ProblemHttpResult>> ReadPageAsync(
        VibeDatabase database, AuditFilter filter, Guid? before, int? limit, CancellationToken cancellationToken)
    {
        var size = limit ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
        {
            return ApiProblems.Validation("limit", $"The limit is {size}; give 1 to {MaxPageSize} entries per page.");
        }

        if (filter.Since > filter.Until)
        {
            return ApiProblems.Validation("since", "since is later than until: no entry can match.");
        }

        var action = filter.Action?.Trim().TrimEnd('.', '*');
        var text = filter.Text?.Trim();
        var conditions = new List<string> { "1 = 1" };
        if (filter.TeamId is not null)
        {
            conditions.Add("a.team_id = @teamId");
        }

        if (before is not null)
        {
            conditions.Add("a.id < @before");
        }

        if (!string.IsNullOrEmpty(action))
        {
            conditions.Add("(a.action = @action OR a.action LIKE @actionPrefix ESCAPE '\\')");
        }

        if (!string.IsNullOrEmpty(text))
        {
            conditions.Add("(LOWER(u.email) LIKE @text ESCAPE '\\' OR LOWER(a.subject) LIKE @text ESCAPE '\\')");
        }

        if (filter.Since is not null)
        {
            conditions.Add("a.occurred_at >= @since");
        }

        if (filter.Until is not null)
        {
            conditions.Add("a.occurred_at < @until");
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<AuditRow>(new CommandDefinition(
            $"""
            SELECT a.id, a.occurred_at, a.action, a.actor_id, u.email AS actor_email, a.team_id, a.workspace_id, a.subject, a.ip
            FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
            WHERE {string.Join(" AND ", conditions)}
            ORDER BY a.id DESC
            LIMIT @take
            """,
            new
            {
                teamId = filter.TeamId,
                before,
                action,
                actionPrefix = action is null ? null : EscapeLike(action) + ".%",
                text = string.IsNullOrEmpty(text) ? null : "%" + EscapeLike(text.ToLowerInvariant()) + "%",
                since = filter.Since?.ToUnixTimeMilliseconds(),
                until = filter.Until?.ToUnixTimeMilliseconds(),
                take = size + 1,
            },
            cancellationToken: cancellationToken))).ToList();
        var items = rows.Take(size).Select(row => row.ToRecord()).ToList();
        return TypedResults.Ok(new AuditPage(items, rows.Count > size ? items[^1].Id : null));
    }

    private static string EscapeLike(string value) => value.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    /// <summary>What a page of the log is narrowed to; null fields do not narrow.</summary>
    private sealed record AuditFilter(Guid? TeamId, string? Action, string? Text, DateTimeOffset? Since, DateTimeOffset? Until);

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
