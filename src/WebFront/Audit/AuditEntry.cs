namespace Vibe.WebFront.Audit;

/// <summary>One security-relevant action for <see cref="IAuditLog"/>.</summary>
/// <param name="Action">What happened: one of <see cref="AuditActions"/>.</param>
/// <param name="ActorId">The user who acted; null when nobody is signed in (e.g. a failed login).</param>
/// <param name="TeamId">The team it concerns, if any: the entry then shows in the team's audit log.</param>
/// <param name="WorkspaceId">The workspace it concerns, if any.</param>
/// <param name="Subject">What it was about, short and free of secrets: an email, a user id, "member → admin".</param>
public sealed record AuditEntry(string Action, Guid? ActorId = null, Guid? TeamId = null, string? WorkspaceId = null, string? Subject = null);
