namespace Vibe.WebFront.Audit;

/// <summary>
/// Records security-relevant actions (sign-ins, role changes, invitations, workspace lifecycle) in the audit_log table,
/// with the time and the caller's IP address. Team owners and admins read their team's entries; the installation admin reads all.
/// </summary>
public interface IAuditLog
{
    Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default);
}
