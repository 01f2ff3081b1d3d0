namespace Vibe.WebFront.Tests.Fixtures;

/// <summary>A page of the audit log as the API shows it.</summary>
public sealed record AuditPageResponse(List<AuditRecordResponse> Items, Guid? NextBefore);
