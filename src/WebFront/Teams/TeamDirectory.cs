using Dapper;
using Vibe.WebFront.Data;

namespace Vibe.WebFront.Teams;

/// <summary>Reads memberships from the team_members table.</summary>
internal sealed class TeamDirectory(VibeDatabase database) : ITeamDirectory
{
    public async Task<TeamRole?> GetRoleAsync(Guid teamId, Guid userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var role = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT role FROM team_members WHERE team_id = @teamId AND user_id = @userId",
            new { teamId, userId },
            cancellationToken: cancellationToken));
        return role is null ? null : TeamRoles.Parse(role);
    }
}
