namespace Vibe.WebFront.Admin;

/// <summary>The body of PATCH /api/v1/admin/users/{userId}: what to change (omitted fields stay).</summary>
public sealed record UpdateUserRequest(bool? Disabled, bool? IsAdmin);
