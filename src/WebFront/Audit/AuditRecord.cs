namespace Vibe.WebFront.Audit;

/// <summary>An audit log entry as the API shows it.</summary>
/// <param name="ActorEmail">The actor's current email; null when nobody was signed in or the account is gone.</param>
public sealed record AuditRecord(
    Guid Id, DateTimeOffset OccurredAt, string Action, Guid? ActorId, string? ActorEmail, Guid? TeamId, string? WorkspaceId, string? Subject, string? Ip);
