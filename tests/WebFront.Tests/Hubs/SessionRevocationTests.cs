using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Vibe.Grains.Interfaces.Documents;
using Vibe.TestSupport;
using Vibe.WebFront.Hubs;

namespace Vibe.WebFront.Tests.Hubs;

/// <summary>
/// A change of someone's access applies at once, through the real SignalR client: a member removed from a team has their
/// hub connections closed (no more terminal output, document updates or workspace events) and is refused on reconnecting;
/// a password change or a disabled account ends the connections and the access tokens issued before it.
/// </summary>
[Collection(WebFrontCollection.Name)]
public sealed class SessionRevocationTests(WebFrontFixture fixture) : HubAppTests(fixture)
{
    [Fact]
    public async Task A_removed_member_stops_receiving_at_once_and_is_refused_on_their_next_call()
    {
        var member = await App.Factory.RegisterAsync();
        var teamId = await App.Rest.CreateTeamAsync(Owner, (member, "Member"));
        var workspaceId = await App.CreateWorkspaceAsync(Owner, start: true, teamId);
        Assert.Equal(HttpStatusCode.NoContent, await App.Rest.WriteFileAsync(Owner, workspaceId, "shared.txt", "text\n"u8.ToArray()));
        await App.ConnectAsync("keeper", Owner);
        await App.ConnectAsync("removed", member);
        var sessionId = (await App.Client.InvokeAsync("keeper", "OpenTerminal", workspaceId, 80, 24)).GetProperty("sessionId").GetString()!;
        var keeper = await App.Client.InvokeAsync("keeper", "AttachTerminal", workspaceId, sessionId);
        await App.Client.InvokeAsync("removed", "JoinWorkspace", workspaceId);
        await App.Client.InvokeAsync("removed", "AttachTerminal", workspaceId, sessionId);
        await App.Client.InvokeAsync("removed", "OpenDocument", workspaceId, "shared.txt");
        var terminal = HubGroups.Terminal(workspaceId, sessionId);
        var document = HubGroups.Document(DocumentKeys.Format(workspaceId, "shared.txt"));
        Assert.Equal(2, App.FanOut.Describe(terminal).Connections);

        await App.Rest.CallAsync(Owner, HttpMethod.Delete, $"/api/v1/teams/{teamId}/members/{member.Id}");

        await App.Client.WaitForAsync(e => e.Is("closed", "removed"), "the removed member's connection to close");
        await Eventually.Until(
            () => App.FanOut.Describe(terminal).Connections == 1 && App.FanOut.Describe(document).Connections == 0 && App.FanOut.Describe(HubGroups.Workspace(workspaceId)).Connections == 0,
            "the removed member's connection to leave the terminal, document and workspace groups",
            TimeSpan.FromSeconds(30));

        // What the shell prints now reaches the owner only.
        var received = App.Client.Events.Count(e => e.Client == "removed");
        await App.Client.InvokeAsync("keeper", "SendInput", workspaceId, sessionId, "echo after-removal-$((5*5))\r");
        await App.WaitForTerminalTextAsync("keeper", sessionId, keeper.GetProperty("endOffset").GetInt64(), "after-removal-25");
        Assert.Equal(received, App.Client.Events.Count(e => e.Client == "removed"));

        // Coming back, even with the token it had, the member finds nothing to join.
        await App.ConnectAsync("returning", member);
        foreach (var (method, args) in new (string, object[])[]
        {
            ("JoinWorkspace", [workspaceId]),
            ("AttachTerminal", [workspaceId, sessionId]),
            ("OpenDocument", [workspaceId, "shared.txt"]),
            ("SendInput", [workspaceId, sessionId, "echo intruder\r"]),
        })
        {
            var refused = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("returning", method, args));
            Assert.EndsWith("workspace not found", refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_password_change_ends_the_old_tokens_and_connections_but_not_the_new_session()
    {
        var user = await App.Factory.RegisterAsync();
        var workspaceId = await App.CreateWorkspaceAsync(user, start: false);
        await App.ConnectAsync("before-change", user);
        await App.Client.InvokeAsync("before-change", "JoinWorkspace", workspaceId);
        Assert.Equal(HttpStatusCode.OK, await GetWorkspaceAsync(user.AccessToken, workspaceId));

        var changed = await App.Rest.CallAsync(user, HttpMethod.Post, "/api/v1/auth/password", new { currentPassword = user.Password, newPassword = "a brand new passphrase 42" });

        await App.Client.WaitForAsync(e => e.Is("closed", "before-change"), "the connection opened before the change to close");
        Assert.Equal(HttpStatusCode.Unauthorized, await GetWorkspaceAsync(user.AccessToken, workspaceId));
        await Assert.ThrowsAnyAsync<Exception>(() => App.Client.ConnectAsync("old-token", App.HubUrl, user.AccessToken));

        var fresh = changed.GetProperty("accessToken").GetString()!;
        Assert.Equal(HttpStatusCode.OK, await GetWorkspaceAsync(fresh, workspaceId));
        await App.Client.ConnectAsync("after-change", App.HubUrl, fresh);
        await App.Client.InvokeAsync("after-change", "JoinWorkspace", workspaceId);
    }

    [Fact]
    public async Task Disabling_an_account_closes_its_connections_and_refuses_its_token()
    {
        var user = await App.Factory.RegisterAsync();
        var workspaceId = await App.CreateWorkspaceAsync(user, start: false);
        await App.ConnectAsync("to-be-disabled", user);
        await App.Client.InvokeAsync("to-be-disabled", "JoinWorkspace", workspaceId);

        await App.Rest.CallAsync(Owner, HttpMethod.Patch, $"/api/v1/admin/users/{user.Id}", new { disabled = true });

        await App.Client.WaitForAsync(e => e.Is("closed", "to-be-disabled"), "the disabled user's connection to close");
        Assert.Equal(0, App.Factory.Services.GetRequiredService<HubSessions>().CountOf(user.Id));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetWorkspaceAsync(user.AccessToken, workspaceId));
    }

    private async Task<HttpStatusCode> GetWorkspaceAsync(string accessToken, string workspaceId)
    {
        using var client = App.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/workspaces/{workspaceId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
