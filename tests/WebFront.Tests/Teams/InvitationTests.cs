using System.Net;
using System.Net.Http.Json;

namespace Vibe.WebFront.Tests.Teams;

[Collection(WebFrontCollection.Name)]
public sealed class InvitationTests(WebFrontFixture fixture)
{
    [Fact]
    public async Task The_invitee_joins_with_the_invited_role_and_the_token_works_once()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(InvitationTests));
        var owner = await factory.RegisterAsync();
        var invitee = await factory.RegisterAsync();
        var team = await factory.CreateTeamAsync(owner);
        var invitation = await InviteAsync(factory, owner, team.Id, invitee.Email.ToUpperInvariant(), "viewer");
        using var inviteeClient = factory.CreateClient(invitee);

        var joined = await HttpAssert.OkAsync<TeamResponse>(await inviteeClient.PostAsync($"/api/v1/invitations/{invitation.Token}/accept", null));

        Assert.Equal(team.Id, joined.Id);
        Assert.Equal("viewer", joined.Role);
        Assert.Equal(2, joined.MemberCount);
        var again = await HttpAssert.ProblemAsync(await inviteeClient.PostAsync($"/api/v1/invitations/{invitation.Token}/accept", null), HttpStatusCode.NotFound);
        Assert.Contains("no pending invitation", again.Detail, StringComparison.Ordinal);
        using var ownerClient = factory.CreateClient(owner);
        Assert.Empty((await ownerClient.GetFromJsonAsync<List<InvitationResponse>>($"/api/v1/teams/{team.Id}/invitations"))!);
    }

    [Fact]
    public async Task Someone_with_another_email_cannot_use_the_invitation()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(InvitationTests));
        var owner = await factory.RegisterAsync();
        var invitee = await factory.RegisterAsync();
        var interloper = await factory.RegisterAsync();
        var team = await factory.CreateTeamAsync(owner);
        var invitation = await InviteAsync(factory, owner, team.Id, invitee.Email, "admin");
        using var interloperClient = factory.CreateClient(interloper);
        using var anonymous = factory.CreateClient();

        var refused = await HttpAssert.ProblemAsync(await interloperClient.PostAsync($"/api/v1/invitations/{invitation.Token}/accept", null), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await anonymous.PostAsync($"/api/v1/invitations/{invitation.Token}/accept", null), HttpStatusCode.Unauthorized);

        Assert.Contains("another email address", refused.Detail, StringComparison.Ordinal);
        await HttpAssert.ProblemAsync(await interloperClient.GetAsync($"/api/v1/teams/{team.Id}"), HttpStatusCode.NotFound);
        using var inviteeClient = factory.CreateClient(invitee);
        Assert.Equal("admin", (await HttpAssert.OkAsync<TeamResponse>(await inviteeClient.PostAsync($"/api/v1/invitations/{invitation.Token}/accept", null))).Role);
    }

    [Fact]
    public async Task A_revoked_invitation_or_an_unknown_token_is_not_found()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(InvitationTests));
        var owner = await factory.RegisterAsync();
        var invitee = await factory.RegisterAsync();
        var team = await factory.CreateTeamAsync(owner);
        var invitation = await InviteAsync(factory, owner, team.Id, invitee.Email, "member");
        using var ownerClient = factory.CreateClient(owner);
        using var inviteeClient = factory.CreateClient(invitee);

        var pending = await ownerClient.GetFromJsonAsync<List<InvitationResponse>>($"/api/v1/teams/{team.Id}/invitations");
        Assert.Null(Assert.Single(pending!).Token); // shown only when created
        Assert.Equal(HttpStatusCode.NoContent, (await ownerClient.DeleteAsync($"/api/v1/teams/{team.Id}/invitations/{invitation.Id}")).StatusCode);
        await HttpAssert.ProblemAsync(await ownerClient.DeleteAsync($"/api/v1/teams/{team.Id}/invitations/{invitation.Id}"), HttpStatusCode.NotFound);

        await HttpAssert.ProblemAsync(await inviteeClient.PostAsync($"/api/v1/invitations/{invitation.Token}/accept", null), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await inviteeClient.PostAsync("/api/v1/invitations/not-a-real-token/accept", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_member_accepting_another_invitation_is_a_conflict()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(InvitationTests));
        var owner = await factory.RegisterAsync();
        var invitee = await factory.RegisterAsync();
        var team = await factory.CreateTeamAsync(owner);
        await factory.AddMemberAsync(team.Id, owner, invitee, "member");
        var second = await InviteAsync(factory, owner, team.Id, invitee.Email, "admin");
        using var inviteeClient = factory.CreateClient(invitee);

        await HttpAssert.ProblemAsync(await inviteeClient.PostAsync($"/api/v1/invitations/{second.Token}/accept", null), HttpStatusCode.Conflict);

        Assert.Equal("member", (await inviteeClient.GetFromJsonAsync<TeamResponse>($"/api/v1/teams/{team.Id}"))!.Role);
    }

    private static async Task<InvitationResponse> InviteAsync(WebFrontFactory factory, TestUser inviter, Guid teamId, string email, string role)
    {
        using var client = factory.CreateClient(inviter);
        var invitation = await HttpAssert.OkAsync<InvitationResponse>(
            await client.PostAsJsonAsync($"/api/v1/teams/{teamId}/invitations", new { email, role }), HttpStatusCode.Created);
        Assert.Equal(email.ToLowerInvariant(), invitation.Email);
        Assert.Equal(role, invitation.Role);
        Assert.False(string.IsNullOrEmpty(invitation.Token));
        return invitation;
    }
}
