using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Vibe.E2E.Tests.Fixtures;

/// <summary>
/// The REST API of the app under test, for what a scenario sets up or does outside the browser (a second client of the
/// same account, a teammate). Every call throws <see cref="HttpRequestException"/> with the response body when refused.
/// </summary>
internal sealed class VibeApi(HttpClient http)
{
    /// <summary>Registers an account; the first one on a fresh app becomes its admin.</summary>
    public async Task<ApiUser> RegisterAsync(string email, string password, string displayName)
    {
        var result = await SendAsync<AuthResult>(HttpMethod.Post, "/api/v1/auth/register", null, JsonContent.Create(new { email, password, displayName }));
        return new ApiUser(this, email, result.AccessToken);
    }

    /// <summary>Tries to sign in and returns the HTTP status (a wrong password is 401).</summary>
    public async Task<System.Net.HttpStatusCode> TrySignInAsync(string email, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = JsonContent.Create(new { email, password }) };
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Signs in with email and password: a session of its own, beside any in a browser.</summary>
    public async Task<ApiUser> LoginAsync(string email, string password)
    {
        var result = await SendAsync<AuthResult>(HttpMethod.Post, "/api/v1/auth/login", null, JsonContent.Create(new { email, password }));
        return new ApiUser(this, email, result.AccessToken);
    }

    public async Task<T> SendAsync<T>(HttpMethod method, string path, string? accessToken, HttpContent? content = null)
    {
        using var response = await SendAsync(method, path, accessToken, content);
        return await response.Content.ReadFromJsonAsync<T>() ?? throw new HttpRequestException($"{method} {path} answered without a body.");
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? accessToken, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            response.Dispose();
            throw new HttpRequestException($"{method} {path}: {(int)response.StatusCode} {response.StatusCode}: {body}", null, response.StatusCode);
        }

        return response;
    }

    private sealed record AuthResult(string AccessToken, string? RefreshToken);
}

/// <summary>A signed-in account's calls to the API.</summary>
internal sealed class ApiUser(VibeApi api, string email, string accessToken)
{
    public string Email { get; } = email;

    /// <summary>The bearer token, for a test's own client of the API.</summary>
    public string AccessToken => accessToken;

    public Task<TeamInfo> CreateTeamAsync(string name) =>
        api.SendAsync<TeamInfo>(HttpMethod.Post, "/api/v1/teams", accessToken, JsonContent.Create(new { name }));

    /// <summary>Changes the sign-up policy (Open, InviteOnly, Closed); the account must be an installation admin.</summary>
    public async Task SetSignUpAsync(string policy)
    {
        using var response = await api.SendAsync(HttpMethod.Put, "/api/v1/admin/settings", accessToken, JsonContent.Create(new { signUp = policy }));
    }

    /// <summary>Invites <paramref name="email"/> to a team; returns the invitation token the invitee accepts.</summary>
    public async Task<string> InviteAsync(Guid teamId, string email, string role)
    {
        var invitation = await api.SendAsync<InvitationInfo>(HttpMethod.Post, $"/api/v1/teams/{teamId}/invitations", accessToken, JsonContent.Create(new { email, role }));
        return invitation.Token;
    }

    public async Task AcceptInvitationAsync(string token)
    {
        using var response = await api.SendAsync(HttpMethod.Post, $"/api/v1/invitations/{Uri.EscapeDataString(token)}/accept", accessToken);
    }

    /// <summary>
    /// Creates a workspace; with <paramref name="start"/> it starts in the background. <paramref name="network"/> is its
    /// network policy (None, Internal, Internet), None when not given.
    /// </summary>
    public Task<WorkspaceInfo> CreateWorkspaceAsync(string name, string template, Guid? teamId = null, bool start = false, string? network = null) =>
        api.SendAsync<WorkspaceInfo>(HttpMethod.Post, "/api/v1/workspaces", accessToken, JsonContent.Create(new { name, template, teamId, start, network }));

    /// <summary>The workspaces this account sees, from the workspace index (reading it does not count as using them).</summary>
    public Task<List<WorkspaceInfo>> ListWorkspacesAsync() =>
        api.SendAsync<List<WorkspaceInfo>>(HttpMethod.Get, "/api/v1/workspaces", accessToken);

    /// <summary>One workspace, from its grain; opening a running workspace counts as using it (it postpones the idle stop).</summary>
    public Task<WorkspaceInfo> GetWorkspaceAsync(string id) =>
        api.SendAsync<WorkspaceInfo>(HttpMethod.Get, $"/api/v1/workspaces/{Uri.EscapeDataString(id)}", accessToken);

    public Task<WorkspaceInfo> StartWorkspaceAsync(string id) =>
        api.SendAsync<WorkspaceInfo>(HttpMethod.Post, $"/api/v1/workspaces/{Uri.EscapeDataString(id)}/start", accessToken);

    public Task<WorkspaceInfo> StopWorkspaceAsync(string id) =>
        api.SendAsync<WorkspaceInfo>(HttpMethod.Post, $"/api/v1/workspaces/{Uri.EscapeDataString(id)}/stop", accessToken);

    /// <summary>Writes a file in the workspace's /workspace directory.</summary>
    public async Task WriteFileAsync(string workspaceId, string path, string text)
    {
        using var content = new StringContent(text);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await api.SendAsync(
            HttpMethod.Put, $"/api/v1/workspaces/{Uri.EscapeDataString(workspaceId)}/files/content?path={Uri.EscapeDataString(path)}", accessToken, content);
    }

    /// <summary>Deletes a file in the workspace's /workspace directory.</summary>
    public async Task DeleteFileAsync(string workspaceId, string path)
    {
        using var response = await api.SendAsync(
            HttpMethod.Delete, $"/api/v1/workspaces/{Uri.EscapeDataString(workspaceId)}/files?path={Uri.EscapeDataString(path)}", accessToken);
    }

    /// <summary>The names in a directory of the workspace ("" for its root), as the file API lists them.</summary>
    public async Task<IReadOnlyList<string>> ListFilesAsync(string workspaceId, string path)
    {
        var entries = await api.SendAsync<FileEntryInfo[]>(
            HttpMethod.Get, $"/api/v1/workspaces/{Uri.EscapeDataString(workspaceId)}/files?path={Uri.EscapeDataString(path)}", accessToken);
        return [.. entries.Select(e => e.Name)];
    }

    /// <summary>Reads a file in the workspace's /workspace directory as UTF-8 text (what is on disk now).</summary>
    public async Task<string> ReadFileAsync(string workspaceId, string path)
    {
        using var response = await api.SendAsync(
            HttpMethod.Get, $"/api/v1/workspaces/{Uri.EscapeDataString(workspaceId)}/files/content?path={Uri.EscapeDataString(path)}", accessToken);
        return await response.Content.ReadAsStringAsync();
    }
}

internal sealed record TeamInfo(Guid Id, string Name, string Role);

internal sealed record InvitationInfo(Guid Id, string Token);

internal sealed record WorkspaceInfo(string Id, string Name, string Status, string? Error);

internal sealed record FileEntryInfo(string Name, string Kind);
