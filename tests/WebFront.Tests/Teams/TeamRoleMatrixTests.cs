using System.Net;
using System.Net.Http.Json;

namespace Vibe.WebFront.Tests.Teams;

/// <summary>Every team endpoint as each role: what it answers, and that only the allowed calls change anything.</summary>
[Collection(WebFrontCollection.Name)]
public sealed class TeamRoleMatrixTests(WebFrontFixture fixture)
{
    public static TheoryData<string, string, HttpStatusCode> Matrix()
    {
        var data = new TheoryData<string, string, HttpStatusCode>();
        string[] roles = ["owner", "admin", "member", "viewer", "stranger", "anonymous"];
        var expectations = new Dictionary<string, HttpStatusCode[]>
        {
            ["get"] = [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.Unauthorized],
            ["members"] = [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.Unauthorized],
            ["rename"] = [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.NotFound, HttpStatusCode.Unauthorized],
            ["delete"] = [HttpStatusCode.NoContent, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.NotFound, HttpStatusCode.Unauthorized],
            ["change-role"] = [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.NotFound, HttpStatusCode.Unauthorized],
            ["remove-member"] = [HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.NotFound, HttpStatusCode.Unauthorized],
            ["invite"] = [HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.NotFound, HttpStatusCode.Unauthorized],
            ["invitations"] = [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.NotFound, HttpStatusCode.Unauthorized],
            ["revoke-invitation"] = [HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.NotFound, HttpStatusCode.Unauthorized],
            ["audit"] = [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.NotFound, HttpStatusCode.Unauthorized],
        };
        foreach (var (operation, statuses) in expectations)
        {
            for (var i = 0; i < roles.Length; i++)
            {
                data.Add(operation, roles[i], statuses[i]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Team_endpoint_answers_each_role_as_it_should(string operation, string role, HttpStatusCode expected)
    {
        var factory = await fixture.SharedFactoryAsync(nameof(TeamRoleMatrixTests));
        var cast = await TeamCast.GetAsync(factory);
        var team = await factory.CreateTeamAsync(cast.Owner, "Matrix");
        await factory.AddMemberAsync(team.Id, cast.Owner, cast.Admin, "admin");
        await factory.AddMemberAsync(team.Id, cast.Owner, cast.Member, "member");
        await factory.AddMemberAsync(team.Id, cast.Owner, cast.Viewer, "viewer");
        await factory.AddMemberAsync(team.Id, cast.Owner, cast.Target, "member");
        using var owner = factory.CreateClient(cast.Owner);
        var pending = await HttpAssert.OkAsync<InvitationResponse>(
            await owner.PostAsJsonAsync($"/api/v1/teams/{team.Id}/invitations", new { email = "pending@example.com", role = "viewer" }), HttpStatusCode.Created);
        using var client = cast.As(role) is { } user ? factory.CreateClient(user) : factory.CreateClient();
        var teamPath = $"/api/v1/teams/{team.Id}";

        using var response = operation switch
        {
            "get" => await client.GetAsync(teamPath),
            "members" => await client.GetAsync($"{teamPath}/members"),
            "rename" => await client.PatchAsJsonAsync(teamPath, new { name = "Renamed" }),
            "delete" => await client.DeleteAsync(teamPath),
            "change-role" => await client.PutAsJsonAsync($"{teamPath}/members/{cast.Target.Id}", new { role = "viewer" }),
            "remove-member" => await client.DeleteAsync($"{teamPath}/members/{cast.Target.Id}"),
            "invite" => await client.PostAsJsonAsync($"{teamPath}/invitations", new { email = "invitee@example.com", role = "member" }),
            "invitations" => await client.GetAsync($"{teamPath}/invitations"),
            "revoke-invitation" => await client.DeleteAsync($"{teamPath}/invitations/{pending.Id}"),
            "audit" => await client.GetAsync($"{teamPath}/audit"),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
        };

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{operation} as {role}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        if (!response.IsSuccessStatusCode)
        {
            await HttpAssert.ProblemAsync(response, expected);
        }

        // The owner sees the effect of allowed changes, and nothing of refused ones.
        var allowed = response.IsSuccessStatusCode;
        switch (operation)
        {
            case "rename":
                Assert.Equal(allowed ? "Renamed" : "Matrix", (await owner.GetFromJsonAsync<TeamResponse>(teamPath))!.Name);
                break;
            case "delete":
                Assert.Equal(allowed ? HttpStatusCode.NotFound : HttpStatusCode.OK, (await owner.GetAsync(teamPath)).StatusCode);
                break;
            case "change-role":
                Assert.Equal(allowed ? "viewer" : "member", (await Members()).Single(m => m.UserId == cast.Target.Id).Role);
                break;
            case "remove-member":
                Assert.Equal(!allowed, (await Members()).Any(m => m.UserId == cast.Target.Id));
                break;
            case "invite":
                Assert.Equal(allowed ? 2 : 1, (await Invitations()).Count);
                break;
            case "revoke-invitation":
                Assert.Equal(allowed ? 0 : 1, (await Invitations()).Count);
                break;
        }

        async Task<List<TeamMemberResponse>> Members() => (await owner.GetFromJsonAsync<List<TeamMemberResponse>>($"{teamPath}/members"))!;

        async Task<List<InvitationResponse>> Invitations() => (await owner.GetFromJsonAsync<List<InvitationResponse>>($"{teamPath}/invitations"))!;
    }

    [Theory]
    [InlineData("owner")]
    [InlineData("admin")]
    [InlineData("member")]
    [InlineData("viewer")]
    [InlineData("stranger")]
    [InlineData("anonymous")]
    public async Task Any_signed_in_user_creates_teams_and_lists_their_own(string role)
    {
        var factory = await fixture.SharedFactoryAsync(nameof(TeamRoleMatrixTests));
        var cast = await TeamCast.GetAsync(factory);
        using var client = cast.As(role) is { } user ? factory.CreateClient(user) : factory.CreateClient();
        var name = $"Created by {role} {Guid.NewGuid():N}";

        using var created = await client.PostAsJsonAsync("/api/v1/teams", new { name });
        using var listed = await client.GetAsync("/api/v1/teams");

        if (role == "anonymous")
        {
            await HttpAssert.ProblemAsync(created, HttpStatusCode.Unauthorized);
            await HttpAssert.ProblemAsync(listed, HttpStatusCode.Unauthorized);
            return;
        }

        var team = await HttpAssert.OkAsync<TeamResponse>(created, HttpStatusCode.Created);
        Assert.Equal("owner", team.Role);
        Assert.Equal($"/api/v1/teams/{team.Id}", created.Headers.Location?.OriginalString);
        var mine = await HttpAssert.OkAsync<List<TeamResponse>>(listed);
        Assert.Contains(mine, t => t.Id == team.Id && t.Name == name && t.Role == "owner" && t.MemberCount == 1);
    }
}
