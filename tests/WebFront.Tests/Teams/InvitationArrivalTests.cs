using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Vibe.WebFront.Tests.Teams;

/// <summary>
/// Invitations that reach people: the link's page names the team and who invited, an invited person who signs in finds
/// the invitation without the link, and with SMTP configured the link is emailed (to a real SMTP server on loopback,
/// through MailKit).
/// </summary>
[Collection(WebFrontCollection.Name)]
public sealed partial class InvitationArrivalTests(WebFrontFixture fixture)
{
    [Fact]
    public async Task The_link_names_the_team_and_who_invited_and_the_invitee_finds_it_after_signing_in()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(InvitationArrivalTests));
        var owner = await factory.RegisterAsync(displayName: "Olga Owner");
        var invitee = await factory.RegisterAsync();
        var team = await factory.CreateTeamAsync(owner, "Rocket Lab");
        using var ownerClient = factory.CreateClient(owner);
        var invitation = await HttpAssert.OkAsync<InvitationResponse>(
            await ownerClient.PostAsJsonAsync($"/api/v1/teams/{team.Id}/invitations", new { email = invitee.Email, role = "admin" }), HttpStatusCode.Created);
        Assert.False(invitation.Emailed);

        using var anonymous = factory.CreateClient();
        var shown = await HttpAssert.OkAsync<PendingInvitationResponse>(await anonymous.GetAsync($"/api/v1/invitations/{invitation.Token}"));
        Assert.Equal(("Rocket Lab", "Olga Owner", "admin", invitee.Email), (shown.TeamName, shown.InvitedBy, shown.Role, shown.Email));
        await HttpAssert.ProblemAsync(await anonymous.GetAsync("/api/v1/invitations/not-a-real-token"), HttpStatusCode.NotFound);

        using var inviteeClient = factory.CreateClient(invitee);
        var pending = await HttpAssert.OkAsync<List<PendingInvitationResponse>>(await inviteeClient.GetAsync("/api/v1/invitations"));
        var mine = Assert.Single(pending);
        Assert.Equal((invitation.Id, "Rocket Lab", "Olga Owner"), (mine.Id, mine.TeamName, mine.InvitedBy));

        // Someone else cannot accept it by id; the invitee can, once.
        using var ownerAsInvitee = factory.CreateClient(owner);
        await HttpAssert.ProblemAsync(await ownerAsInvitee.PostAsync($"/api/v1/invitations/{mine.Id}/accept", null), HttpStatusCode.Forbidden);
        var joined = await HttpAssert.OkAsync<TeamResponse>(await inviteeClient.PostAsync($"/api/v1/invitations/{mine.Id}/accept", null));
        Assert.Equal(("admin", team.Id), (joined.Role, joined.Id));
        Assert.Empty(await HttpAssert.OkAsync<List<PendingInvitationResponse>>(await inviteeClient.GetAsync("/api/v1/invitations")));
    }

    [Fact]
    public async Task The_invitee_declines_an_invitation_and_it_is_gone()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(InvitationArrivalTests));
        var owner = await factory.RegisterAsync();
        var invitee = await factory.RegisterAsync();
        var team = await factory.CreateTeamAsync(owner, "Declined");
        using var ownerClient = factory.CreateClient(owner);
        var invitation = await HttpAssert.OkAsync<InvitationResponse>(
            await ownerClient.PostAsJsonAsync($"/api/v1/teams/{team.Id}/invitations", new { email = invitee.Email, role = "member" }), HttpStatusCode.Created);
        using var inviteeClient = factory.CreateClient(invitee);

        Assert.Equal(HttpStatusCode.NoContent, (await inviteeClient.PostAsync($"/api/v1/invitations/{invitation.Id}/decline", null)).StatusCode);

        Assert.Empty(await HttpAssert.OkAsync<List<PendingInvitationResponse>>(await inviteeClient.GetAsync("/api/v1/invitations")));
        await HttpAssert.ProblemAsync(await inviteeClient.PostAsync($"/api/v1/invitations/{invitation.Token}/accept", null), HttpStatusCode.NotFound);
        Assert.Empty(await HttpAssert.OkAsync<List<InvitationResponse>>(await ownerClient.GetAsync($"/api/v1/teams/{team.Id}/invitations")));
    }

    [Fact]
    public async Task With_SMTP_configured_the_invitation_is_emailed_with_its_link_and_a_newcomer_signs_up_through_it()
    {
        await using var smtp = new SmtpTestServer();
        var settings = new Dictionary<string, string?>(smtp.Settings) { ["Vibe:Auth:SignUp"] = null };
        await using var factory = await fixture.CreateFactoryAsync(settings);
        var owner = await factory.RegisterAsync(displayName: "Olga Owner");
        var team = await factory.CreateTeamAsync(owner, "Rocket Lab");
        using var ownerClient = factory.CreateClient(owner);

        var invitation = await HttpAssert.OkAsync<InvitationResponse>(
            await ownerClient.PostAsJsonAsync($"/api/v1/teams/{team.Id}/invitations", new { email = "newcomer@example.com", role = "member" }), HttpStatusCode.Created);

        Assert.True(invitation.Emailed);
        var email = await smtp.WaitForAsync("newcomer@example.com");
        Assert.Equal("Olga Owner invited you to Rocket Lab on Vibe", email.Subject);
        Assert.Equal("vibe@example.com", email.Message.From.Mailboxes.Single().Address);
        var link = LinkPattern().Match(email.Text);
        Assert.True(link.Success, $"No invitation link in: {email.Text}");
        Assert.Equal(invitation.Token, link.Groups["token"].Value);

        // Sign-up is invite-only here: the emailed link is what lets the newcomer in.
        var newcomer = await factory.RegisterAsync("newcomer@example.com", invitation: link.Groups["token"].Value);
        using var newcomerClient = factory.CreateClient(newcomer);
        Assert.Contains(await HttpAssert.OkAsync<List<TeamResponse>>(await newcomerClient.GetAsync("/api/v1/teams")), t => t.Id == team.Id);
    }

    [GeneratedRegex("https://vibe\\.example\\.com/invite/(?<token>[A-Za-z0-9_-]+)")]
    private static partial Regex LinkPattern();
}
