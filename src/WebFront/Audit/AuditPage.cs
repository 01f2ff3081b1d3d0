namespace Vibe.WebFront.Audit;

/// <summary>A page of audit entries, newest first.</summary>
/// <param name="Items">The entries.</param>
/// <param name="NextBefore">Pass as <c>before</c> to get the next (older) page; null on the last page.</param>
public sealed record AuditPage(IReadOnlyList<AuditRecord> Items, Guid? NextBefore);
