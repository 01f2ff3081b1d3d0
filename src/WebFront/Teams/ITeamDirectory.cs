namespace Vibe.WebFront.Teams;

/// <summary>Who belongs to which team, for the other features' permission checks (e.g. team workspaces).</summary>
public interface ITeamDirectory
{
    /// <summary>The role of <paramref name="userId"/> in <paramref name="teamId"/>; null when the user is not a member or the team does not exist.</summary>
    Task<TeamRole?> GetRoleAsync(Guid teamId, Guid userId, CancellationToken cancellationToken = default);
}
