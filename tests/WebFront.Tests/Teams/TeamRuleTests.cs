using System.Net;
using System.Net.Http.Json;

namespace Vibe.WebFront.Tests.Teams;

[Collection(WebFrontCollection.Name)]
public sealed class TeamRuleTests(WebFrontFixture fixture)
{
    [Fact]
    public async Task An_admin_cannot_change_remove_or_make_owners()
    {
        var (factory, cast, team) = await TeamWithCastAsync();
        using var admin = factory.CreateClient(cast.Admin);
        var teamPath = $"/api/v1/teams/{team.Id}";

        var demote = await HttpAssert.ProblemAsync(await admin.PutAsJsonAsync($"{teamPath}/members/{cast.Owner.Id}", new { role = "member" }), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await admin.PutAsJsonAsync($"{teamPath}/members/{cast.Target.Id}", new { role = "owner" }), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await admin.DeleteAsync($"{teamPath}/members/{cast.Owner.Id}"), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await admin.PostAsJsonAsync($"{teamPath}/invitations", new { email = "boss@example.com", role = "owner" }), HttpStatusCode.Forbidden);

        Assert.Contains("Only owners", demote.Detail, StringComparison.Ordinal);
        using var owner = factory.CreateClient(cast.Owner);
        var members = await owner.GetFromJsonAsync<List<TeamMemberResponse>>($"{teamPath}/members");
        Assert.Equal("owner", members!.Single(m => m.UserId == cast.Owner.Id).Role);
        Assert.Equal("member", members!.Single(m => m.UserId == cast.Target.Id).Role);
    }

    [Fact]
    public async Task The_last_owner_cannot_leave_or_step_down_until_there_is_another()
    {
        var (factory, cast, team) = await TeamWithCastAsync();
        using var owner = factory.CreateClient(cast.Owner);
        var teamPath = $"/api/v1/teams/{team.Id}";

        var leave = await HttpAssert.ProblemAsync(await owner.DeleteAsync($"{teamPath}/members/{cast.Owner.Id}"), HttpStatusCode.Conflict);
        await HttpAssert.ProblemAsync(await owner.PutAsJsonAsync($"{teamPath}/members/{cast.Owner.Id}", new { role = "admin" }), HttpStatusCode.Conflict);
        Assert.Contains("only owner", leave.Detail, StringComparison.Ordinal);

        await HttpAssert.OkAsync<List<TeamMemberResponse>>(await owner.PutAsJsonAsync($"{teamPath}/members/{cast.Admin.Id}", new { role = "owner" }));
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"{teamPath}/members/{cast.Owner.Id}")).StatusCode);

        await HttpAssert.ProblemAsync(await owner.GetAsync(teamPath), HttpStatusCode.NotFound);
        using var newOwner = factory.CreateClient(cast.Admin);
        Assert.Equal("owner", (await newOwner.GetFromJsonAsync<TeamResponse>(teamPath))!.Role);
    }

    [Fact]
    public async Task A_member_can_leave_but_not_remove_others()
    {
        var (factory, cast, team) = await TeamWithCastAsync();
        using var viewer = factory.CreateClient(cast.Viewer);
        var teamPath = $"/api/v1/teams/{team.Id}";

        await HttpAssert.ProblemAsync(await viewer.DeleteAsync($"{teamPath}/members/{cast.Member.Id}"), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await viewer.DeleteAsync($"{teamPath}/members/{cast.Viewer.Id}")).StatusCode);

        await HttpAssert.ProblemAsync(await viewer.GetAsync(teamPath), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Invalid_names_and_roles_are_refused_with_the_field()
    {
        var (factory, cast, team) = await TeamWithCastAsync();
        using var owner = factory.CreateClient(cast.Owner);

        var noName = await HttpAssert.ProblemAsync(await owner.PostAsJsonAsync("/api/v1/teams", new { name = "  " }), HttpStatusCode.BadRequest);
        var longName = await HttpAssert.ProblemAsync(await owner.PatchAsJsonAsync($"/api/v1/teams/{team.Id}", new { name = new string('n', 101) }), HttpStatusCode.BadRequest);
        var badRole = await HttpAssert.ProblemAsync(await owner.PutAsJsonAsync($"/api/v1/teams/{team.Id}/members/{cast.Member.Id}", new { role = "king" }), HttpStatusCode.BadRequest);
        var badInvite = await HttpAssert.ProblemAsync(await owner.PostAsJsonAsync($"/api/v1/teams/{team.Id}/invitations", new { email = "nope", role = "emperor" }), HttpStatusCode.BadRequest);

        Assert.Contains("missing", Assert.Single(noName.Errors!["name"]), StringComparison.Ordinal);
        Assert.Contains("at most 100", Assert.Single(longName.Errors!["name"]), StringComparison.Ordinal);
        Assert.Contains("owner, admin, member or viewer", Assert.Single(badRole.Errors!["role"]), StringComparison.Ordinal);
        Assert.True(badInvite.Errors!.ContainsKey("email") && badInvite.Errors.ContainsKey("role"));
    }

    [Fact]
    public async Task A_team_that_does_not_exist_looks_like_another_team()
    {
        var (factory, cast, team) = await TeamWithCastAsync();
        var missingId = Guid.NewGuid();
        using var stranger = factory.CreateClient(cast.Stranger);

        var other = await HttpAssert.ProblemAsync(await stranger.GetAsync($"/api/v1/teams/{team.Id}"), HttpStatusCode.NotFound);
        var missing = await HttpAssert.ProblemAsync(await stranger.GetAsync($"/api/v1/teams/{missingId}"), HttpStatusCode.NotFound);

        Assert.Equal(other.Title, missing.Title);
        Assert.Equal(other.Detail!.Replace(team.Id.ToString(), "ID", StringComparison.Ordinal), missing.Detail!.Replace(missingId.ToString(), "ID", StringComparison.Ordinal));
    }

    private async Task<(WebFrontFactory Factory, TeamCast Cast, TeamResponse Team)> TeamWithCastAsync()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(TeamRuleTests));
        var cast = await TeamCast.GetAsync(factory);
        var team = await factory.CreateTeamAsync(cast.Owner, "Rules");
        await factory.AddMemberAsync(team.Id, cast.Owner, cast.Admin, "admin");
        await factory.AddMemberAsync(team.Id, cast.Owner, cast.Member, "member");
        await factory.AddMemberAsync(team.Id, cast.Owner, cast.Viewer, "viewer");
        await factory.AddMemberAsync(team.Id, cast.Owner, cast.Target, "member");
        return (factory, cast, team);
    }
}
