namespace Vibe.WebFront.Tests.Fixtures;

/// <summary>An audit log entry as the API shows it.</summary>
public sealed record AuditRecordResponse(Guid Id, DateTimeOffset OccurredAt, string Action, Guid? ActorId, string? ActorEmail, Guid? TeamId, string? WorkspaceId, string? Subject, string? Ip);
