using System.Data.Common;
using Dapper;
using Vibe.WebFront.Accounts;
using Vibe.WebFront.Data;
using Vibe.WebFront.Web;

namespace Vibe.WebFront.Teams;

/// <summary>The teams, team_members and team_invitations tables.</summary>
internal sealed class TeamStore(VibeDatabase database)
{
    public async Task<TeamSummary> CreateAsync(string name, Guid ownerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        var at = now.ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO teams (id, name, created_at) VALUES (@id, @name, @at)", new { id, name, at }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO team_members (team_id, user_id, role, joined_at) VALUES (@id, @ownerId, 'owner', @at)",
            new { id, ownerId, at }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new TeamSummary(id, name, TeamRole.Owner, 1, now);
    }

    /// <summary>The teams <paramref name="userId"/> belongs to, by name.</summary>
    public async Task<IReadOnlyList<TeamSummary>> ListAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TeamRow>(new CommandDefinition(
            $"{SelectTeams} WHERE m.user_id = @userId ORDER BY t.name, t.id", new { userId }, cancellationToken: cancellationToken));
        return [.. rows.Select(row => row.ToSummary())];
    }

    /// <summary>The team as <paramref name="userId"/> sees it; null if the user is not a member (or there is no such team).</summary>
    public async Task<TeamSummary?> GetAsync(Guid teamId, Guid userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<TeamRow>(new CommandDefinition(
            $"{SelectTeams} WHERE m.user_id = @userId AND t.id = @teamId", new { userId, teamId }, cancellationToken: cancellationToken));
        return row?.ToSummary();
    }

    public async Task RenameAsync(Guid teamId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE teams SET name = @name WHERE id = @teamId", new { teamId, name }, cancellationToken: cancellationToken));
    }

    /// <summary>Deletes the team unless it still has workspaces (which would be left without anyone to reach them); false then.</summary>
    public async Task<bool> DeleteAsync(Guid teamId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM teams
            WHERE id = @teamId AND NOT EXISTS (SELECT 1 FROM workspaces w WHERE w.team_id = @teamId AND NOT w.deleted)
            """,
            new { teamId }, cancellationToken: cancellationToken));
        return deleted > 0;
    }

    public async Task<IReadOnlyList<TeamMember>> ListMembersAsync(Guid teamId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<MemberRow>(new CommandDefinition(
            """
            SELECT m.user_id, u.email, u.display_name, m.role, m.joined_at
            FROM team_members m JOIN users u ON u.id = m.user_id
            WHERE m.team_id = @teamId
            ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 WHEN 'member' THEN 2 ELSE 3 END, u.display_name, u.email
            """,
            new { teamId }, cancellationToken: cancellationToken));
        return [.. rows.Select(row => new TeamMember(row.UserId, row.Email, row.DisplayName, TeamRoles.Parse(row.Role), UnixTime.FromMilliseconds(row.JoinedAt)))];
    }

    /// <summary>
    /// Gives <paramref name="userId"/> the role <paramref name="role"/> (null removes the member), unless that would leave
    /// the team without an owner. Serialized per team, so two owners demoting each other cannot both succeed.
    /// </summary>
    public async Task<MembershipChange> ChangeMemberAsync(Guid teamId, Guid userId, TeamRole? role, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockTeamAsync(connection, transaction, teamId, cancellationToken);
        var current = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT role FROM team_members WHERE team_id = @teamId AND user_id = @userId", new { teamId, userId }, transaction, cancellationToken: cancellationToken));
        if (current is null)
        {
            return MembershipChange.NotMember;
        }

        if (current == "owner" && role != TeamRole.Owner)
        {
            var owners = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM team_members WHERE team_id = @teamId AND role = 'owner'", new { teamId }, transaction, cancellationToken: cancellationToken));
            if (owners <= 1)
            {
                return MembershipChange.LastOwner;
            }
        }

        await connection.ExecuteAsync(new CommandDefinition(
            role is null
                ? "DELETE FROM team_members WHERE team_id = @teamId AND user_id = @userId"
                : "UPDATE team_members SET role = @name WHERE team_id = @teamId AND user_id = @userId",
            new { teamId, userId, name = role is { } newRole ? WireJson.Name(newRole) : null }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return MembershipChange.Done;
    }

    /// <summary>A new invitation; returns it with its token (stored only as a hash).</summary>
    public async Task<CreatedInvitation> InviteAsync(Guid teamId, string email, TeamRole role, Guid invitedBy, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        var token = OneTimeTokens.Create();
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO team_invitations (id, team_id, email, role, token_hash, invited_by, created_at, expires_at)
            VALUES (@id, @teamId, @email, @role, @hash, @invitedBy, @createdAt, @expiresAt)
            """,
            new
            {
                id,
                teamId,
                email,
                role = WireJson.Name(role),
                hash = OneTimeTokens.Hash(token),
                invitedBy,
                createdAt = now.ToUnixTimeMilliseconds(),
                expiresAt = expiresAt.ToUnixTimeMilliseconds(),
            },
            cancellationToken: cancellationToken));
        return new CreatedInvitation(id, email, role, expiresAt, token, Emailed: false);
    }

    /// <summary>The invitations of the team that can still be accepted, newest first.</summary>
    public async Task<IReadOnlyList<TeamInvitation>> ListPendingInvitationsAsync(Guid teamId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<InvitationRow>(new CommandDefinition(
            """
            SELECT id, email, role, invited_by, created_at, expires_at FROM team_invitations
            WHERE team_id = @teamId AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > @now
            ORDER BY created_at DESC, id
            """,
            new { teamId, now = now.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        return [.. rows.Select(row => new TeamInvitation(row.Id, row.Email, TeamRoles.Parse(row.Role), row.InvitedBy, UnixTime.FromMilliseconds(row.CreatedAt), UnixTime.FromMilliseconds(row.ExpiresAt)))];
    }

    /// <summary>Revokes a pending invitation of the team; the email it was for, or null if there is no such pending invitation.</summary>
    public async Task<string?> RevokeInvitationAsync(Guid teamId, Guid invitationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            """
            UPDATE team_invitations SET revoked_at = @now
            WHERE id = @invitationId AND team_id = @teamId AND accepted_at IS NULL AND revoked_at IS NULL
            RETURNING email
            """,
            new { teamId, invitationId, now = now.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
    }

    /// <summary>Makes the user a member with the invitation's role, if the token is pending and was sent to <paramref name="email"/>.</summary>
    public Task<(InvitationAcceptance Outcome, Guid TeamId, TeamRole Role)> AcceptInvitationAsync(string token, Guid userId, string email, DateTimeOffset now, CancellationToken cancellationToken) =>
        AcceptAsync("i.token_hash = @key", OneTimeTokens.Hash(token), userId, email, now, cancellationToken);

    /// <summary>The same for a pending invitation known by id (the invitee's list of invitations; no link needed).</summary>
    public Task<(InvitationAcceptance Outcome, Guid TeamId, TeamRole Role)> AcceptInvitationAsync(Guid invitationId, Guid userId, string email, DateTimeOffset now, CancellationToken cancellationToken) =>
        AcceptAsync("i.id = @key", invitationId.ToString("D"), userId, email, now, cancellationToken);

    /// <summary>The pending invitation with <paramref name="token"/>, with its team and inviter; null when there is none.</summary>
    public async Task<PendingInvitation?> FindPendingInvitationAsync(string token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<PendingRow>(new CommandDefinition(
            $"{SelectPending} AND i.token_hash = @hash", new { hash = OneTimeTokens.Hash(token), now = now.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        return row?.ToInvitation();
    }

    /// <summary>The invitations pending for <paramref name="email"/>, newest first.</summary>
    public async Task<IReadOnlyList<PendingInvitation>> ListPendingInvitationsForAsync(string email, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PendingRow>(new CommandDefinition(
            $"{SelectPending} AND i.email = @email ORDER BY i.created_at DESC, i.id", new { email, now = now.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        return [.. rows.Select(row => row.ToInvitation())];
    }

    /// <summary>Declines (revokes) a pending invitation sent to <paramref name="email"/>; its team, or null when there is no such invitation.</summary>
    public async Task<Guid?> DeclineInvitationAsync(Guid invitationId, string email, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            """
            UPDATE team_invitations SET revoked_at = @now
            WHERE id = @invitationId AND email = @email AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > @now
            RETURNING team_id
            """,
            new { invitationId, email, now = now.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
    }

    private async Task<(InvitationAcceptance Outcome, Guid TeamId, TeamRole Role)> AcceptAsync(
        string condition, string key, Guid userId, string email, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = now.ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var invitation = await connection.QuerySingleOrDefaultAsync<InvitationRow>(new CommandDefinition(
            $"""
            SELECT i.id, i.team_id, i.email, i.role, i.invited_by, i.created_at, i.expires_at FROM team_invitations i
            WHERE {condition} AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > @at
            """,
            new { key, at }, transaction, cancellationToken: cancellationToken));
        if (invitation is null)
        {
            return (InvitationAcceptance.NotFound, Guid.Empty, default);
        }

        var role = TeamRoles.Parse(invitation.Role);
        if (invitation.Email != email)
        {
            return (InvitationAcceptance.OtherEmail, invitation.TeamId, role);
        }

        var joined = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO team_members (team_id, user_id, role, joined_at) VALUES (@teamId, @userId, @role, @at) ON CONFLICT (team_id, user_id) DO NOTHING",
            new { teamId = invitation.TeamId, userId, role = invitation.Role, at }, transaction, cancellationToken: cancellationToken));
        if (joined == 0)
        {
            return (InvitationAcceptance.AlreadyMember, invitation.TeamId, role);
        }

        // The condition makes a concurrent second acceptance of the same token fail instead of adding a second member.
        var accepted = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE team_invitations SET accepted_at = @at, accepted_by = @userId WHERE id = @id AND accepted_at IS NULL AND revoked_at IS NULL",
            new { at, userId, id = invitation.Id }, transaction, cancellationToken: cancellationToken));
        if (accepted == 0)
        {
            return (InvitationAcceptance.NotFound, Guid.Empty, default);
        }

        await transaction.CommitAsync(cancellationToken);
        return (InvitationAcceptance.Accepted, invitation.TeamId, role);
    }

    private const string SelectPending = """
        SELECT i.id, i.team_id, t.name AS team_name, i.email, i.role, u.display_name AS invited_by_name,
               COALESCE(u.is_admin, FALSE) AS invited_by_admin, i.expires_at
        FROM team_invitations i JOIN teams t ON t.id = i.team_id LEFT JOIN users u ON u.id = i.invited_by
        WHERE i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > @now
        """;

    private const string SelectTeams = """
        SELECT t.id, t.name, m.role, t.created_at,
               (SELECT COUNT(*) FROM team_members c WHERE c.team_id = t.id) AS member_count
        FROM teams t JOIN team_members m ON m.team_id = t.id
        """;

    // An UPDATE takes the team row's lock in PostgreSQL and the database's write lock in SQLite: changes to one team's members queue up.
    private static Task LockTeamAsync(DbConnection connection, DbTransaction transaction, Guid teamId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("UPDATE teams SET name = name WHERE id = @teamId", new { teamId }, transaction, cancellationToken: cancellationToken));

    private sealed class TeamRow
    {
        public Guid Id { get; set; }

        public string Name { get; set; } = "";

        public string Role { get; set; } = "";

        public long CreatedAt { get; set; }

        public long MemberCount { get; set; }

        public TeamSummary ToSummary() => new(Id, Name, TeamRoles.Parse(Role), (int)MemberCount, UnixTime.FromMilliseconds(CreatedAt));
    }

    private sealed class MemberRow
    {
        public Guid UserId { get; set; }

        public string Email { get; set; } = "";

        public string DisplayName { get; set; } = "";

        public string Role { get; set; } = "";

        public long JoinedAt { get; set; }
    }

    private sealed class InvitationRow
    {
        public Guid Id { get; set; }

        public Guid TeamId { get; set; }

        public string Email { get; set; } = "";

        public string Role { get; set; } = "";

        public Guid? InvitedBy { get; set; }

        public long CreatedAt { get; set; }

        public long ExpiresAt { get; set; }
    }

    private sealed class PendingRow
    {
        public Guid Id { get; set; }

        public Guid TeamId { get; set; }

        public string TeamName { get; set; } = "";

        public string Email { get; set; } = "";

        public string Role { get; set; } = "";

        public string? InvitedByName { get; set; }

        public bool InvitedByAdmin { get; set; }

        public long ExpiresAt { get; set; }

        public PendingInvitation ToInvitation() =>
            new(Id, TeamId, TeamName, Email, TeamRoles.Parse(Role), InvitedByName, InvitedByAdmin, UnixTime.FromMilliseconds(ExpiresAt));
    }
}
