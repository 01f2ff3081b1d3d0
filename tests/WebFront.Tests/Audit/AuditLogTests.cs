using System.Net;
using System.Net.Http.Json;

namespace Vibe.WebFront.Tests.Audit;

[Collection(WebFrontCollection.Name)]
public sealed class AuditLogTests(WebFrontFixture fixture)
{
    [Fact]
    public async Task The_team_log_shows_who_changed_the_team_to_its_owners_and_admins_only()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(AuditLogTests));
        var owner = await factory.RegisterAsync();
        var admin = await factory.RegisterAsync();
        var member = await factory.RegisterAsync();
        var team = await factory.CreateTeamAsync(owner);
        await factory.AddMemberAsync(team.Id, owner, admin, "member");
        await factory.AddMemberAsync(team.Id, owner, member, "member");
        using var ownerClient = factory.CreateClient(owner);
        await HttpAssert.OkAsync<List<TeamMemberResponse>>(await ownerClient.PutAsJsonAsync($"/api/v1/teams/{team.Id}/members/{admin.Id}", new { role = "admin" }));
        using var adminClient = factory.CreateClient(admin);
        Assert.Equal(HttpStatusCode.NoContent, (await adminClient.DeleteAsync($"/api/v1/teams/{team.Id}/members/{member.Id}")).StatusCode);

        var page = await HttpAssert.OkAsync<AuditPageResponse>(await adminClient.GetAsync($"/api/v1/teams/{team.Id}/audit"));

        Assert.Equal(
            ["team.member.removed", "team.member.role_changed", "team.invitation.accept", "team.invitation.create", "team.invitation.accept", "team.invitation.create", "team.create"],
            page.Items.Select(entry => entry.Action));
        Assert.All(page.Items, entry => Assert.Equal(team.Id, entry.TeamId));
        var roleChange = page.Items[1];
        Assert.Equal(owner.Id, roleChange.ActorId);
        Assert.Equal(owner.Email, roleChange.ActorEmail);
        Assert.Equal($"{admin.Id}: member -> admin", roleChange.Subject);
        Assert.Equal(admin.Id, page.Items[0].ActorId);
        Assert.Equal(member.Id.ToString(), page.Items[0].Subject);
        Assert.Null(page.NextBefore);

        // The removed member is a stranger now; a remaining member may not read it.
        using var memberClient = factory.CreateClient(member);
        await HttpAssert.ProblemAsync(await memberClient.GetAsync($"/api/v1/teams/{team.Id}/audit"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_installation_admin_reads_sign_ins_and_registrations_page_by_page()
    {
        await using var factory = await fixture.CreateFactoryAsync();
        var admin = await factory.RegisterAsync();
        var user = await factory.RegisterAsync();
        using var anonymous = factory.CreateClient();
        await HttpAssert.ProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = "the wrong password" }), HttpStatusCode.Unauthorized);
        await factory.LoginAsync(user.Email);
        using var userClient = factory.CreateClient(user);
        var changed = await HttpAssert.OkAsync<TokenResponse>(await userClient.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = user.Password, newPassword = "another good password" }));
        using var renewedClient = factory.CreateClient(changed.AccessToken); // tokens issued before the change are refused now
        using var adminClient = factory.CreateClient(admin);

        var first = await HttpAssert.OkAsync<AuditPageResponse>(await adminClient.GetAsync("/api/v1/audit?limit=3"));
        var second = await HttpAssert.OkAsync<AuditPageResponse>(await adminClient.GetAsync($"/api/v1/audit?limit=3&before={first.NextBefore}"));

        Assert.Equal(["auth.password_changed", "auth.login", "auth.login_failed"], first.Items.Select(entry => entry.Action));
        Assert.Equal(["auth.register", "auth.register"], second.Items.Select(entry => entry.Action));
        Assert.Null(second.NextBefore);
        Assert.Equal(user.Email, first.Items[2].Subject);
        Assert.Null(first.Items[2].ActorId);
        Assert.Equal(user.Id, first.Items[1].ActorId);
        Assert.Equal("installation admin", second.Items[1].Subject);
        Assert.True(first.Items[0].OccurredAt >= second.Items[0].OccurredAt);

        var refused = await HttpAssert.ProblemAsync(await renewedClient.GetAsync("/api/v1/audit"), HttpStatusCode.Forbidden);
        Assert.Contains("installation admin", refused.Detail, StringComparison.Ordinal);
        await HttpAssert.ProblemAsync(await adminClient.GetAsync("/api/v1/audit?limit=500"), HttpStatusCode.BadRequest);
    }
}
