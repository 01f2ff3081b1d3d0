using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vibe.WebFront.Accounts;
using Vibe.WebFront.Audit;
using Vibe.WebFront.Email;
using Vibe.WebFront.Hubs;
using Vibe.WebFront.Web;

namespace Vibe.WebFront.Teams;

/// <summary>
/// <c>/api/v1/teams</c>: teams, their members and roles, and invitations; <c>/api/v1/invitations/{token}/accept</c>. Every
/// member sees the team and its members; owners and admins rename it, manage members and invitations; only owners delete
/// it, make owners or change an owner's role. A team the caller is not a member of answers 404, as if it did not exist.
/// </summary>
internal static class TeamsApi
{
    public const int MaxNameLength = 100;

    public static IServiceCollection AddTeams(this IServiceCollection services)
    {
        services.AddSingleton<TeamStore>();
        services.TryAddSingleton<ITeamDirectory, TeamDirectory>();
        return services;
    }

    public static IEndpointRouteBuilder MapTeamsApi(this IEndpointRouteBuilder endpoints)
    {
        var teams = endpoints.MapGroup("/api/v1/teams").WithTags("Teams").RequireAuthorization().AddEndpointFilter<ClientErrorLogging>();
        teams.MapPost("/", CreateTeam).WithName("CreateTeam").WithSummary("Creates a team; the caller becomes its owner");
        teams.MapGet("/", ListTeams).WithName("ListTeams").WithSummary("The caller's teams, with the caller's role in each");
        teams.MapGet("/{teamId:guid}", GetTeam).WithName("GetTeam").WithSummary("One team (members)");
        teams.MapPatch("/{teamId:guid}", RenameTeam).WithName("RenameTeam").WithSummary("Renames a team (owners and admins)");
        teams.MapDelete("/{teamId:guid}", DeleteTeam).WithName("DeleteTeam").WithSummary("Deletes a team with its memberships and invitations (owners)");
        teams.MapGet("/{teamId:guid}/members", ListMembers).WithName("ListTeamMembers").WithSummary("The team's members and their roles (members)");
        teams.MapPut("/{teamId:guid}/members/{userId:guid}", ChangeRole)
            .WithName("ChangeTeamMemberRole")
            .WithSummary("Changes a member's role (owners; admins for roles below owner); the last owner cannot be demoted");
        teams.MapDelete("/{teamId:guid}/members/{userId:guid}", RemoveMember)
            .WithName("RemoveTeamMember")
            .WithSummary("Removes a member (owners; admins for non-owners), or leaves the team (anyone, but not the last owner)");
        teams.MapPost("/{teamId:guid}/invitations", CreateInvitation)
            .WithName("CreateTeamInvitation")
            .WithSummary("Invites an email address with a role (owners and admins; only owners invite owners); the token is returned once");
        teams.MapGet("/{teamId:guid}/invitations", ListInvitations).WithName("ListTeamInvitations").WithSummary("Pending invitations (owners and admins)");
        teams.MapDelete("/{teamId:guid}/invitations/{invitationId:guid}", RevokeInvitation)
            .WithName("RevokeTeamInvitation")
            .WithSummary("Revokes a pending invitation (owners and admins)");

        var invitations = endpoints.MapGroup("/api/v1/invitations").WithTags("Teams").AddEndpointFilter<ClientErrorLogging>();
        invitations.MapGet("/", ListMyInvitations)
            .WithName("ListMyInvitations")
            .WithSummary("The invitations pending for the signed-in user's email, with the team and who invited")
            .RequireAuthorization();
        invitations.MapGet("/{token}", GetInvitation)
            .WithName("GetTeamInvitation")
            .WithSummary("What an invitation link invites to: the team, who invited, the role, the invited email (anyone holding the link)")
            .AllowAnonymous()
            .RequireRateLimiting(AccountsApi.SignInRateLimitPolicy);
        invitations.MapPost("/{token}/accept", AcceptInvitation)
            .WithName("AcceptTeamInvitation")
            .WithSummary("Joins the team of an invitation link; the signed-in user's email must be the invited one")
            .RequireAuthorization();
        invitations.MapPost("/{invitationId:guid}/accept", AcceptMyInvitation)
            .WithName("AcceptMyInvitation")
            .WithSummary("Joins the team of an invitation pending for the signed-in user's email (no link needed)")
            .RequireAuthorization();
        invitations.MapPost("/{invitationId:guid}/decline", DeclineMyInvitation)
            .WithName("DeclineMyInvitation")
            .WithSummary("Declines an invitation pending for the signed-in user's email")
            .RequireAuthorization();
        return endpoints;
    }

    public static async Task<Results<Created<TeamSummary>, ValidationProblem>> CreateTeam(
        CreateTeamRequest request, ClaimsPrincipal principal, TeamStore store, IAuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        if (DescribeInvalidName(request.Name) is { } problem)
        {
            return ApiProblems.Validation("name", problem);
        }

        var userId = principal.GetUserId();
        var team = await store.CreateAsync(request.Name!.Trim(), userId, time.GetUtcNow(), cancellationToken);
        await audit.RecordAsync(new AuditEntry(AuditActions.TeamCreated, userId, team.Id, Subject: team.Name), cancellationToken);
        return TypedResults.Created($"/api/v1/teams/{team.Id}", team);
    }

    public static async Task<Ok<IReadOnlyList<TeamSummary>>> ListTeams(ClaimsPrincipal principal, TeamStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(principal.GetUserId(), cancellationToken));

    public static async Task<Results<Ok<TeamSummary>, ProblemHttpResult>> GetTeam(Guid teamId, ClaimsPrincipal principal, TeamStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(teamId, principal.GetUserId(), cancellationToken) is { } team ? TypedResults.Ok(team) : NoSuchTeam(teamId);

    public static async Task<Results<Ok<TeamSummary>, ValidationProblem, ProblemHttpResult>> RenameTeam(
        Guid teamId, RenameTeamRequest request, ClaimsPrincipal principal, TeamStore store, ITeamDirectory directory, IAuditLog audit, CancellationToken cancellationToken)
    {
        var userId = principal.GetUserId();
        if (await Require(directory, teamId, userId, TeamRole.Admin, "rename the team", cancellationToken) is { } refused)
        {
            return refused;
        }

        if (DescribeInvalidName(request.Name) is { } problem)
        {
            return ApiProblems.Validation("name", problem);
        }

        var name = request.Name!.Trim();
        await store.RenameAsync(teamId, name, cancellationToken);
        await audit.RecordAsync(new AuditEntry(AuditActions.TeamRenamed, userId, teamId, Subject: name), cancellationToken);
        return await store.GetAsync(teamId, userId, cancellationToken) is { } team ? TypedResults.Ok(team) : NoSuchTeam(teamId);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteTeam(
        Guid teamId, ClaimsPrincipal principal, TeamStore store, ITeamDirectory directory, IAuditLog audit, CancellationToken cancellationToken)
    {
        var userId = principal.GetUserId();
        if (await Require(directory, teamId, userId, TeamRole.Owner, "delete the team", cancellationToken) is { } refused)
        {
            return refused;
        }

        if (!await store.DeleteAsync(teamId, cancellationToken))
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "Team has workspaces",
                "The team still has workspaces: delete them first, so that none is left without anyone who can reach it.");
        }

        await audit.RecordAsync(new AuditEntry(AuditActions.TeamDeleted, userId, teamId), cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<IReadOnlyList<TeamMember>>, ProblemHttpResult>> ListMembers(
        Guid teamId, ClaimsPrincipal principal, TeamStore store, ITeamDirectory directory, CancellationToken cancellationToken)
    {
        if (await Require(directory, teamId, principal.GetUserId(), TeamRole.Viewer, "see the members", cancellationToken) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(await store.ListMembersAsync(teamId, cancellationToken));
    }

    public static async Task<Results<Ok<IReadOnlyList<TeamMember>>, ValidationProblem, ProblemHttpResult>> ChangeRole(
        Guid teamId, Guid userId, ChangeRoleRequest request, ClaimsPrincipal principal, TeamStore store, ITeamDirectory directory, IAuditLog audit,
        SessionRevocations revocations, CancellationToken cancellationToken)
    {
        var callerId = principal.GetUserId();
        var callerRole = await directory.GetRoleAsync(teamId, callerId, cancellationToken);
        if (callerRole is null)
        {
            return NoSuchTeam(teamId);
        }

        if (!callerRole.Value.IsAtLeast(TeamRole.Admin))
        {
            return ApiProblems.Forbidden($"Only the team's owners and admins change roles; you are a {WireJson.Name(callerRole.Value)}.");
        }

        if (WireJson.Parse<TeamRole>(request.Role) is not { } role)
        {
            return ApiProblems.Validation("role", $"'{request.Role}' is not a role; use {WireJson.Names<TeamRole>()}.");
        }

        var targetRole = await directory.GetRoleAsync(teamId, userId, cancellationToken);
        if (targetRole is null)
        {
            return ApiProblems.NotFound($"User {userId} is not a member of this team.");
        }

        if (callerRole != TeamRole.Owner && (targetRole == TeamRole.Owner || role == TeamRole.Owner))
        {
            return ApiProblems.Forbidden("Only owners make someone an owner or change an owner's role.");
        }

        switch (await store.ChangeMemberAsync(teamId, userId, role, cancellationToken))
        {
            case MembershipChange.NotMember:
                return ApiProblems.NotFound($"User {userId} is not a member of this team.");
            case MembershipChange.LastOwner:
                return LastOwner();
        }

        if (!role.IsAtLeast(targetRole.Value))
        {
            await revocations.RevokeAsync(userId, cancellationToken); // a lowered role: what they watch on the old one stops now
        }

        await audit.RecordAsync(new AuditEntry(AuditActions.MemberRoleChanged, callerId, teamId, Subject: $"{userId}: {WireJson.Name(targetRole.Value)} -> {WireJson.Name(role)}"), cancellationToken);
        return TypedResults.Ok(await store.ListMembersAsync(teamId, cancellationToken));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveMember(
        Guid teamId, Guid userId, ClaimsPrincipal principal, TeamStore store, ITeamDirectory directory, IAuditLog audit, SessionRevocations revocations,
        CancellationToken cancellationToken)
    {
        var callerId = principal.GetUserId();
        var callerRole = await directory.GetRoleAsync(teamId, callerId, cancellationToken);
        if (callerRole is null)
        {
            return NoSuchTeam(teamId);
        }

        var leaving = userId == callerId;
        if (!leaving)
        {
            if (!callerRole.Value.IsAtLeast(TeamRole.Admin))
            {
                return ApiProblems.Forbidden($"Only the team's owners and admins remove members; you are a {WireJson.Name(callerRole.Value)}. You can remove yourself (leave).");
            }

            var targetRole = await directory.GetRoleAsync(teamId, userId, cancellationToken);
            if (targetRole is null)
            {
                return ApiProblems.NotFound($"User {userId} is not a member of this team.");
            }

            if (targetRole == TeamRole.Owner && callerRole != TeamRole.Owner)
            {
                return ApiProblems.Forbidden("Only owners remove an owner.");
            }
        }

        switch (await store.ChangeMemberAsync(teamId, userId, role: null, cancellationToken))
        {
            case MembershipChange.NotMember:
                return ApiProblems.NotFound($"User {userId} is not a member of this team.");
            case MembershipChange.LastOwner:
                return LastOwner();
        }

        await revocations.RevokeAsync(userId, cancellationToken); // what they watch in the team's workspaces stops now
        await audit.RecordAsync(leaving
            ? new AuditEntry(AuditActions.MemberLeft, callerId, teamId)
            : new AuditEntry(AuditActions.MemberRemoved, callerId, teamId, Subject: userId.ToString()), cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Created<CreatedInvitation>, ValidationProblem, ProblemHttpResult>> CreateInvitation(
        Guid teamId, CreateInvitationRequest request, ClaimsPrincipal principal, TeamStore store, ITeamDirectory directory, IAuditLog audit,
        EmailOutbox outbox, IOptions<AuthOptions> options, IOptions<WebOptions> web, TimeProvider time, CancellationToken cancellationToken)
    {
        var callerId = principal.GetUserId();
        var callerRole = await directory.GetRoleAsync(teamId, callerId, cancellationToken);
        if (callerRole is null)
        {
            return NoSuchTeam(teamId);
        }

        if (!callerRole.Value.IsAtLeast(TeamRole.Admin))
        {
            return ApiProblems.Forbidden($"Only the team's owners and admins invite people; you are a {WireJson.Name(callerRole.Value)}.");
        }

        var errors = new Dictionary<string, string[]>();
        if (AccountValidation.DescribeEmail(request.Email) is { } emailProblem)
        {
            errors["email"] = [emailProblem];
        }

        var role = WireJson.Parse<TeamRole>(request.Role);
        if (role is null)
        {
            errors["role"] = [$"'{request.Role}' is not a role; use {WireJson.Names<TeamRole>()}."];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        if (role == TeamRole.Owner && callerRole != TeamRole.Owner)
        {
            return ApiProblems.Forbidden("Only owners invite owners.");
        }

        var now = time.GetUtcNow();
        var email = AccountValidation.NormalizeEmail(request.Email!);
        var invitation = await store.InviteAsync(teamId, email, role!.Value, callerId, now, now + options.Value.InvitationLifetime, cancellationToken);
        await audit.RecordAsync(new AuditEntry(AuditActions.InvitationCreated, callerId, teamId, Subject: $"{email} as {WireJson.Name(invitation.Role)}"), cancellationToken);
        if (outbox.IsEnabled && await store.GetAsync(teamId, callerId, cancellationToken) is { } team)
        {
            var message = InvitationEmails.Invitation(email, principal.Identity?.Name ?? "A Vibe user", team.Name, WireJson.Name(invitation.Role), web.Value.Link($"invite/{invitation.Token}")!, invitation.ExpiresAt);
            invitation = invitation with { Emailed = outbox.Enqueue(message) };
        }

        return TypedResults.Created($"/api/v1/teams/{teamId}/invitations/{invitation.Id}", invitation);
    }

    public static async Task<Results<Ok<IReadOnlyList<TeamInvitation>>, ProblemHttpResult>> ListInvitations(
        Guid teamId, ClaimsPrincipal principal, TeamStore store, ITeamDirectory directory, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await Require(directory, teamId, principal.GetUserId(), TeamRole.Admin, "see the invitations", cancellationToken) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(await store.ListPendingInvitationsAsync(teamId, time.GetUtcNow(), cancellationToken));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeInvitation(
        Guid teamId, Guid invitationId, ClaimsPrincipal principal, TeamStore store, ITeamDirectory directory, IAuditLog audit, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var callerId = principal.GetUserId();
        if (await Require(directory, teamId, callerId, TeamRole.Admin, "revoke invitations", cancellationToken) is { } refused)
        {
            return refused;
        }

        if (await store.RevokeInvitationAsync(teamId, invitationId, time.GetUtcNow(), cancellationToken) is not { } email)
        {
            return ApiProblems.NotFound($"The team has no pending invitation {invitationId}: it was accepted, revoked or never existed.");
        }

        await audit.RecordAsync(new AuditEntry(AuditActions.InvitationRevoked, callerId, teamId, Subject: email), cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<IReadOnlyList<PendingInvitation>>> ListMyInvitations(
        ClaimsPrincipal principal, TeamStore store, AccountStore accounts, TimeProvider time, CancellationToken cancellationToken) =>
        TypedResults.Ok(await accounts.FindByIdAsync(principal.GetUserId(), cancellationToken) is { } user
            ? await store.ListPendingInvitationsForAsync(user.Email, time.GetUtcNow(), cancellationToken)
            : []);

    public static async Task<Results<Ok<PendingInvitation>, ProblemHttpResult>> GetInvitation(string token, TeamStore store, TimeProvider time, CancellationToken cancellationToken) =>
        await store.FindPendingInvitationAsync(token, time.GetUtcNow(), cancellationToken) is { } invitation
            ? TypedResults.Ok(invitation)
            : InvitationGone();

    public static Task<Results<Ok<TeamSummary>, ProblemHttpResult>> AcceptInvitation(
        string token, ClaimsPrincipal principal, TeamStore store, AccountStore accounts, IAuditLog audit, TimeProvider time, CancellationToken cancellationToken) =>
        AcceptAsync(principal, store, accounts, audit, (userId, email) => store.AcceptInvitationAsync(token, userId, email, time.GetUtcNow(), cancellationToken), cancellationToken);

    public static Task<Results<Ok<TeamSummary>, ProblemHttpResult>> AcceptMyInvitation(
        Guid invitationId, ClaimsPrincipal principal, TeamStore store, AccountStore accounts, IAuditLog audit, TimeProvider time, CancellationToken cancellationToken) =>
        AcceptAsync(principal, store, accounts, audit, (userId, email) => store.AcceptInvitationAsync(invitationId, userId, email, time.GetUtcNow(), cancellationToken), cancellationToken);

    public static async Task<Results<NoContent, ProblemHttpResult>> DeclineMyInvitation(
        Guid invitationId, ClaimsPrincipal principal, TeamStore store, AccountStore accounts, IAuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var userId = principal.GetUserId();
        if (await accounts.FindByIdAsync(userId, cancellationToken) is not { } user)
        {
            return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Sign in again", "The account of this access token no longer exists.");
        }

        if (await store.DeclineInvitationAsync(invitationId, user.Email, time.GetUtcNow(), cancellationToken) is not { } teamId)
        {
            return InvitationGone();
        }

        await audit.RecordAsync(new AuditEntry(AuditActions.InvitationDeclined, userId, teamId, Subject: user.Email), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Why <paramref name="name"/> is not a team name (1 to 100 characters of text), or null.</summary>
    public static string? DescribeInvalidName(string? name)
    {
        var trimmed = name?.Trim();
        return string.IsNullOrEmpty(trimmed) ? "The team name is missing."
            : trimmed.Length > MaxNameLength ? $"The team name is {trimmed.Length} characters long; at most {MaxNameLength} are allowed."
            : trimmed.Any(char.IsControl) ? "The team name contains control characters (such as line breaks); use plain text."
            : null;
    }

    /// <summary>404 unless the user is a member; 403 unless the member's role is at least <paramref name="required"/>; null when allowed.</summary>
    private static async Task<ProblemHttpResult?> Require(ITeamDirectory directory, Guid teamId, Guid userId, TeamRole required, string action, CancellationToken cancellationToken)
    {
        var role = await directory.GetRoleAsync(teamId, userId, cancellationToken);
        if (role is null)
        {
            return NoSuchTeam(teamId);
        }

        if (role.Value.IsAtLeast(required))
        {
            return null;
        }

        var who = required == TeamRole.Owner ? "owners" : "owners and admins";
        return ApiProblems.Forbidden($"Only the team's {who} may {action}; you are a {WireJson.Name(role.Value)}.");
    }

    private static async Task<Results<Ok<TeamSummary>, ProblemHttpResult>> AcceptAsync(
        ClaimsPrincipal principal, TeamStore store, AccountStore accounts, IAuditLog audit,
        Func<Guid, string, Task<(InvitationAcceptance Outcome, Guid TeamId, TeamRole Role)>> accept, CancellationToken cancellationToken)
    {
        var userId = principal.GetUserId();
        if (await accounts.FindByIdAsync(userId, cancellationToken) is not { } user)
        {
            return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Sign in again", "The account of this access token no longer exists.");
        }

        var (outcome, teamId, role) = await accept(userId, user.Email);
        switch (outcome)
        {
            case InvitationAcceptance.NotFound:
                return InvitationGone();
            case InvitationAcceptance.OtherEmail:
                return ApiProblems.Forbidden($"This invitation was sent to another email address than yours ({user.Email}); sign in with the invited address.");
            case InvitationAcceptance.AlreadyMember:
                return ApiProblems.Problem(StatusCodes.Status409Conflict, "Already a member", "You are a member of this team already; an owner or admin can change your role.");
        }

        await audit.RecordAsync(new AuditEntry(AuditActions.InvitationAccepted, userId, teamId, Subject: $"{user.Email} as {WireJson.Name(role)}"), cancellationToken);
        return await store.GetAsync(teamId, userId, cancellationToken) is { } team ? TypedResults.Ok(team) : NoSuchTeam(teamId);
    }

    private static ProblemHttpResult InvitationGone() =>
        ApiProblems.NotFound("There is no pending invitation here: it was used, revoked, has expired, or the link is incomplete. Ask for a new one.");

    private static ProblemHttpResult NoSuchTeam(Guid teamId) => ApiProblems.NotFound($"There is no team {teamId}, or you are not a member of it.");

    private static ProblemHttpResult LastOwner() => ApiProblems.Problem(StatusCodes.Status409Conflict, "The team needs an owner",
        "This is the team's only owner: make another member an owner first (or delete the team).");
}
