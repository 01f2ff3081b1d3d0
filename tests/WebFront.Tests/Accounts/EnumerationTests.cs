using System.Net;
using System.Net.Http.Json;

namespace Vibe.WebFront.Tests.Accounts;

/// <summary>Which emails have accounts cannot be learned from the answers: sign-in, registration (invite-only, and open with email) and throttling answer alike.</summary>
[Collection(WebFrontCollection.Name)]
public sealed class EnumerationTests(WebFrontFixture fixture)
{
    [Fact]
    public async Task Invite_only_registration_refuses_known_and_unknown_emails_alike()
    {
        await using var factory = await fixture.CreateFactoryAsync(new Dictionary<string, string?> { ["Vibe:Auth:SignUp"] = "InviteOnly" });
        var admin = await factory.RegisterAsync();
        var user = await factory.RegisterAsync("known@example.com", invitation: await InviteAsync(factory, admin, "known@example.com"));
        using var anonymous = factory.CreateClient();

        var known = await AnswerAsync(await Register(anonymous, user.Email));
        var unknown = await AnswerAsync(await Register(anonymous, "unknown@example.com"));

        Assert.Equal(known, unknown);
        Assert.Equal(403, known.Status);
    }

    [Fact]
    public async Task Open_registration_with_email_answers_alike_and_the_link_finishes_it()
    {
        await using var smtp = new SmtpTestServer();
        await using var factory = await fixture.CreateFactoryAsync(new Dictionary<string, string?>(smtp.Settings) { ["Vibe:Auth:SignUp"] = "Open" });
        var admin = await factory.RegisterAsync(); // the first account is made at once
        await factory.RegisterAsync("taken@example.com", invitation: await InviteAsync(factory, admin, "taken@example.com"));
        using var anonymous = factory.CreateClient();

        using var forTaken = await Register(anonymous, "taken@example.com");
        using var forFree = await Register(anonymous, "free@example.com");

        Assert.Equal(HttpStatusCode.Accepted, forTaken.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, forFree.StatusCode);
        Assert.Equal(
            (await forTaken.Content.ReadAsStringAsync()).Replace("taken@", "X@", StringComparison.Ordinal),
            (await forFree.Content.ReadAsStringAsync()).Replace("free@", "X@", StringComparison.Ordinal));

        // The address's owner learns which it was, from the email; the free one finishes signing up through the link.
        Assert.Contains("has one already", (await smtp.WaitForAsync("taken@example.com", "already have")).Text, StringComparison.Ordinal);
        var confirm = await smtp.WaitForAsync("free@example.com", "Finish creating");
        var token = confirm.Text.Split("https://vibe.example.com/confirm/")[1].Split('\n')[0].Trim();
        var signedIn = await HttpAssert.OkAsync<TokenResponse>(await anonymous.PostAsJsonAsync("/api/v1/auth/register/confirm", new { token }));
        Assert.Equal("free@example.com", signedIn.User.Email);
        await HttpAssert.ProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/register/confirm", new { token }), HttpStatusCode.NotFound);
    }

    private static async Task<string> InviteAsync(WebFrontFactory factory, TestUser owner, string email)
    {
        var team = await factory.CreateTeamAsync(owner);
        using var client = factory.CreateClient(owner);
        var invitation = await HttpAssert.OkAsync<InvitationResponse>(await client.PostAsJsonAsync($"/api/v1/teams/{team.Id}/invitations", new { email, role = "member" }), HttpStatusCode.Created);
        return invitation.Token!;
    }

    private static Task<HttpResponseMessage> Register(HttpClient client, string email) =>
        client.PostAsJsonAsync("/api/v1/auth/register", new { email, password = WebFrontFactory.DefaultPassword, displayName = "Someone" });

    private static async Task<ProblemResponse> AnswerAsync(HttpResponseMessage response)
    {
        using (response)
        {
            return await response.Content.ReadFromJsonAsync<ProblemResponse>() ?? throw new InvalidOperationException("No problem details.");
        }
    }
}
