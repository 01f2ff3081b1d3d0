using System.Net.Http.Json;

namespace Vibe.WebFront.Tests.Fixtures;

/// <summary>Team set-up through the API, for tests that need a team with members in given roles.</summary>
public static class TeamsClient
{
    /// <summary>Creates a team owned by <paramref name="owner"/>.</summary>
    public static async Task<TeamResponse> CreateTeamAsync(this WebFrontFactory factory, TestUser owner, string name = "Team")
    {
        using var client = factory.CreateClient(owner);
        return await HttpAssert.OkAsync<TeamResponse>(await client.PostAsJsonAsync("/api/v1/teams", new { name }), System.Net.HttpStatusCode.Created);
    }

    /// <summary>Adds <paramref name="user"/> to the team with <paramref name="role"/>: <paramref name="inviter"/> invites, the user accepts.</summary>
    public static async Task AddMemberAsync(this WebFrontFactory factory, Guid teamId, TestUser inviter, TestUser user, string role)
    {
        using var inviterClient = factory.CreateClient(inviter);
        var invitation = await HttpAssert.OkAsync<InvitationResponse>(
            await inviterClient.PostAsJsonAsync($"/api/v1/teams/{teamId}/invitations", new { email = user.Email, role }), System.Net.HttpStatusCode.Created);
        using var userClient = factory.CreateClient(user);
        await HttpAssert.OkAsync<TeamResponse>(await userClient.PostAsync($"/api/v1/invitations/{invitation.Token}/accept", null));
    }
}
