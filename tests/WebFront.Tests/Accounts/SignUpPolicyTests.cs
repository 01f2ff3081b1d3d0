using System.Net;
using System.Net.Http.Json;

namespace Vibe.WebFront.Tests.Accounts;

/// <summary>
/// Vibe:Auth:SignUp: invite-only once the admin exists, open or closed as the admin sets it in the app; invitations
/// bring people in whatever the policy (in Closed, an installation admin's).
/// </summary>
[Collection(WebFrontCollection.Name)]
public sealed class SignUpPolicyTests(WebFrontFixture fixture)
{
    [Fact]
    public async Task Once_the_admin_exists_sign_up_needs_an_invitation_and_the_invited_person_joins_the_team()
    {
        await using var factory = await fixture.CreateFactoryAsync(new Dictionary<string, string?> { ["Vibe:Auth:SignUp"] = null });
        using var anonymous = factory.CreateClient();
        Assert.Equal("inviteOnly", (await HttpAssert.OkAsync<SetupResponse>(await anonymous.GetAsync("/api/v1/setup"))).SignUp);
        var admin = await factory.RegisterAsync(displayName: "Ada Admin");

        var refused = await HttpAssert.ProblemAsync(await RegisterAsync(anonymous, "walk-in@example.com"), HttpStatusCode.Forbidden);
        Assert.Contains("needs an invitation", refused.Detail, StringComparison.Ordinal);

        var team = await factory.CreateTeamAsync(admin, "Crew");
        var invitation = await InviteAsync(factory, admin, team.Id, "invited@example.com");
        var wrongAddress = await HttpAssert.ProblemAsync(await RegisterAsync(anonymous, "someone-else@example.com", invitation.Token), HttpStatusCode.BadRequest);
        Assert.Contains("invited@example.com", Assert.Single(wrongAddress.Errors!["email"]), StringComparison.Ordinal);

        var invited = await factory.RegisterAsync("invited@example.com", invitation: invitation.Token);
        using var invitedClient = factory.CreateClient(invited);
        var teams = await HttpAssert.OkAsync<List<TeamResponse>>(await invitedClient.GetAsync("/api/v1/teams"));
        Assert.Equal("member", Assert.Single(teams, t => t.Id == team.Id).Role);
        await HttpAssert.ProblemAsync(await RegisterAsync(anonymous, "invited2@example.com", invitation.Token), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_admin_opens_and_closes_sign_up_and_only_their_invitations_create_accounts_when_closed()
    {
        await using var factory = await fixture.CreateFactoryAsync(new Dictionary<string, string?> { ["Vibe:Auth:SignUp"] = null });
        var admin = await factory.RegisterAsync();
        using var adminClient = factory.CreateClient(admin);
        using var anonymous = factory.CreateClient();

        await SetPolicyAsync(adminClient, "open");
        var owner = await factory.RegisterAsync(displayName: "Olga Owner");
        Assert.Equal("open", (await HttpAssert.OkAsync<SetupResponse>(await anonymous.GetAsync("/api/v1/setup"))).SignUp);

        // Only installation admins change the policy.
        using var ownerClient = factory.CreateClient(owner);
        await HttpAssert.ProblemAsync(await ownerClient.PutAsJsonAsync("/api/v1/admin/settings", new { signUp = "open" }), HttpStatusCode.Forbidden);
        var invalid = await HttpAssert.ProblemAsync(await adminClient.PutAsJsonAsync("/api/v1/admin/settings", new { signUp = "Sometimes" }), HttpStatusCode.BadRequest);
        Assert.Contains("open, inviteOnly or closed", Assert.Single(invalid.Errors!["signUp"]), StringComparison.Ordinal);

        var ownersTeam = await factory.CreateTeamAsync(owner, "Owner's team");
        var fromOwner = await InviteAsync(factory, owner, ownersTeam.Id, "friend@example.com");
        var existing = await factory.RegisterAsync("existing@example.com");
        var toExisting = await InviteAsync(factory, owner, ownersTeam.Id, existing.Email);
        var adminsTeam = await factory.CreateTeamAsync(admin, "Admin's team");
        var fromAdmin = await InviteAsync(factory, admin, adminsTeam.Id, "hire@example.com");
        await SetPolicyAsync(adminClient, "closed");

        var closed = await HttpAssert.ProblemAsync(await RegisterAsync(anonymous, "walk-in@example.com"), HttpStatusCode.Forbidden);
        Assert.Contains("closed", closed.Detail, StringComparison.Ordinal);
        var notAdmins = await HttpAssert.ProblemAsync(await RegisterAsync(anonymous, "friend@example.com", fromOwner.Token), HttpStatusCode.Forbidden);
        Assert.Contains("installation admin's invitations", notAdmins.Detail, StringComparison.Ordinal);

        // Invitations still work: an existing account accepts one from anybody, a new one comes in through an admin's.
        using var existingClient = factory.CreateClient(existing);
        var joined = await HttpAssert.OkAsync<TeamResponse>(await existingClient.PostAsync($"/api/v1/invitations/{toExisting.Token}/accept", null));
        Assert.Equal(ownersTeam.Id, joined.Id);
        var hire = await factory.RegisterAsync("hire@example.com", invitation: fromAdmin.Token);
        using var hireClient = factory.CreateClient(hire);
        Assert.Contains(await HttpAssert.OkAsync<List<TeamResponse>>(await hireClient.GetAsync("/api/v1/teams")), t => t.Id == adminsTeam.Id);
    }

    private static async Task SetPolicyAsync(HttpClient adminClient, string policy)
    {
        var settings = await HttpAssert.OkAsync<AdminSettingsResponse>(await adminClient.PutAsJsonAsync("/api/v1/admin/settings", new { signUp = policy }));
        Assert.Equal(policy, settings.SignUp);
    }

    private static async Task<InvitationResponse> InviteAsync(WebFrontFactory factory, TestUser inviter, Guid teamId, string email)
    {
        using var client = factory.CreateClient(inviter);
        return await HttpAssert.OkAsync<InvitationResponse>(await client.PostAsJsonAsync($"/api/v1/teams/{teamId}/invitations", new { email, role = "member" }), HttpStatusCode.Created);
    }

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient client, string email, string? invitation = null) =>
        client.PostAsJsonAsync("/api/v1/auth/register", new { email, password = WebFrontFactory.DefaultPassword, displayName = "Newcomer", invitation });
}
