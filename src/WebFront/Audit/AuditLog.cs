using Dapper;
using Vibe.WebFront.Data;

namespace Vibe.WebFront.Audit;

/// <summary>Writes audit entries to the audit_log table; the id is a version 7 GUID, so ids sort by time.</summary>
internal sealed class AuditLog(VibeDatabase database, IHttpContextAccessor http, TimeProvider time) : IAuditLog
{
    public async Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO audit_log (id, occurred_at, action, actor_id, team_id, workspace_id, subject, ip)
            VALUES (@id, @occurredAt, @action, @actorId, @teamId, @workspaceId, @subject, @ip)
            """,
            new
            {
                id = Guid.CreateVersion7(now),
                occurredAt = now.ToUnixTimeMilliseconds(),
                action = entry.Action,
                actorId = entry.ActorId,
                teamId = entry.TeamId,
                workspaceId = entry.WorkspaceId,
                subject = entry.Subject,
                ip = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
            },
            cancellationToken: cancellationToken));
    }
}
