using Vibe.WebFront.Web;

namespace Vibe.WebFront.Teams;

/// <summary>
/// Team roles as the database stores them: their wire names ("owner", "admin", "member", "viewer"), written with
/// <see cref="WireJson.Name{TEnum}(TEnum)"/> and read back here.
/// </summary>
public static class TeamRoles
{
    /// <summary>The role stored as <paramref name="name"/>.</summary>
    public static TeamRole Parse(string name) => WireJson.Parse<TeamRole>(name) ?? throw new FormatException($"'{name}' is not a team role.");

    /// <summary>Whether <paramref name="role"/> may do what <paramref name="required"/> may.</summary>
    public static bool IsAtLeast(this TeamRole role, TeamRole required) => role <= required;
}
