namespace Vibe.WebFront.Teams;

/// <summary>Team roles as the API and the database write them: "owner", "admin", "member", "viewer".</summary>
public static class TeamRoles
{
    /// <summary>The roles' names, strongest first.</summary>
    public static IReadOnlyList<string> Names { get; } = ["owner", "admin", "member", "viewer"];

    public static string ToName(this TeamRole role) => role switch
    {
        TeamRole.Owner => "owner",
        TeamRole.Admin => "admin",
        TeamRole.Member => "member",
        TeamRole.Viewer => "viewer",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Not a team role."),
    };

    /// <summary>The role named <paramref name="name"/> (case-insensitive); null if it names none.</summary>
    public static TeamRole? TryParse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "owner" => TeamRole.Owner,
        "admin" => TeamRole.Admin,
        "member" => TeamRole.Member,
        "viewer" => TeamRole.Viewer,
        _ => null,
    };

    /// <summary>The role stored as <paramref name="name"/>.</summary>
    public static TeamRole Parse(string name) => TryParse(name) ?? throw new FormatException($"'{name}' is not a team role.");

    /// <summary>Whether <paramref name="role"/> may do what <paramref name="required"/> may.</summary>
    public static bool IsAtLeast(this TeamRole role, TeamRole required) => role <= required;
}
