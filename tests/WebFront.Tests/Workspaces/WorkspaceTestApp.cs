using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Vibe.TestSupport;

namespace Vibe.WebFront.Tests.Workspaces;

/// <summary>A whole WebFront on the in-memory test server, and the REST calls the workspace tests arrange and act with.</summary>
/// <param name="ownsFactory">Dispose the app with this object; false for an app shared by a test class.</param>
internal sealed class WorkspaceTestApp(WebFrontFactory factory, bool ownsFactory = true) : IAsyncDisposable
{
    public WebFrontFactory Factory { get; } = factory;

    /// <summary>The app shared by the tests of <paramref name="testClass"/> (default settings); the fixture disposes it.</summary>
    public static async Task<WorkspaceTestApp> SharedAsync(WebFrontFixture fixture, string testClass) =>
        new(await fixture.SharedFactoryAsync(testClass), ownsFactory: false);

    /// <summary>The app of <paramref name="server"/>, shared by a test class; the class fixture disposes it.</summary>
    public static WorkspaceTestApp Shared(SharedServer server) => new(server.Factory, ownsFactory: false);

    /// <summary>A WebFront of its own on a fresh PostgreSQL database; resource samples every 500 ms so tests need not wait long for them.</summary>
    public static async Task<WorkspaceTestApp> StartAsync(WebFrontFixture fixture, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["Vibe:WorkspaceIndex:SamplePeriod"] = "00:00:00.500" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return new WorkspaceTestApp(await fixture.CreateFactoryAsync(all));
    }

    public Task<TestUser> RegisterAsync() => Factory.RegisterAsync();

    /// <summary>Sends a request as <paramref name="user"/> (anonymously when null) and returns the status and the JSON body (default when empty).</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(TestUser? user, HttpMethod method, string path, object? json = null)
    {
        using var content = json is null ? null : JsonContent.Create(json);
        return await SendAsync(user, method, path, content);
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(TestUser? user, HttpMethod method, string path, HttpContent? content)
    {
        using var http = user is null ? Factory.CreateClient() : Factory.CreateClient(user);
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length > 0 && response.Content.Headers.ContentType?.MediaType is { } type && type.Contains("json", StringComparison.Ordinal)
            ? JsonDocument.Parse(text).RootElement.Clone()
            : default;
        return (response.StatusCode, body);
    }

    /// <summary>Sends a request that must succeed; returns its JSON body.</summary>
    public async Task<JsonElement> CallAsync(TestUser user, HttpMethod method, string path, object? json = null)
    {
        var (status, body) = await SendAsync(user, method, path, json);
        if ((int)status >= 300)
        {
            throw new HttpRequestException($"{method} {path}: {(int)status} {body}", null, status);
        }

        return body;
    }

    /// <summary>Creates a blank workspace (in <paramref name="teamId"/> when given) and returns its id.</summary>
    public async Task<string> CreateWorkspaceAsync(TestUser user, Guid? teamId = null, string name = "test workspace")
    {
        var workspace = await CallAsync(user, HttpMethod.Post, "/api/v1/workspaces", new { name, template = "blank", teamId });
        return workspace.GetProperty("id").GetString()!;
    }

    /// <summary>Writes a file through the API as <paramref name="user"/>.</summary>
    public async Task<HttpStatusCode> WriteFileAsync(TestUser? user, string workspaceId, string path, byte[] content)
    {
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return (await SendAsync(user, HttpMethod.Put, FileContentPath(workspaceId, path), body)).Status;
    }

    /// <summary>Reads a file through the API; the status, the content type and the bytes.</summary>
    public async Task<(HttpStatusCode Status, string? ContentType, byte[] Content)> ReadFileAsync(TestUser user, string workspaceId, string path)
    {
        using var http = Factory.CreateClient(user);
        using var response = await http.GetAsync(FileContentPath(workspaceId, path));
        return (response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>Creates a team owned by <paramref name="owner"/> with each of <paramref name="members"/> in its role (invited and accepted).</summary>
    public async Task<Guid> CreateTeamAsync(TestUser owner, params (TestUser User, string Role)[] members)
    {
        var team = await CallAsync(owner, HttpMethod.Post, "/api/v1/teams", new { name = "team " + Guid.NewGuid().ToString("N")[..6] });
        var teamId = team.GetProperty("id").GetGuid();
        foreach (var (user, role) in members)
        {
            var invitation = await CallAsync(owner, HttpMethod.Post, $"/api/v1/teams/{teamId}/invitations", new { email = user.Email, role });
            await CallAsync(user, HttpMethod.Post, $"/api/v1/invitations/{invitation.GetProperty("token").GetString()}/accept");
        }

        return teamId;
    }

    /// <summary>The workspace as <paramref name="user"/>'s listing shows it; default when it is not listed.</summary>
    public async Task<JsonElement> ListedAsync(TestUser user, string workspaceId)
    {
        var list = await CallAsync(user, HttpMethod.Get, "/api/v1/workspaces");
        return list.EnumerateArray().FirstOrDefault(w => w.GetProperty("id").GetString() == workspaceId);
    }

    /// <summary>
    /// The workspace as <paramref name="user"/>'s listing shows it once <paramref name="condition"/> holds: the index follows
    /// the grains' status events (WorkspaceIndexProjection), a moment after the call that changed the workspace answered.
    /// </summary>
    public async Task<JsonElement> ListedWhenAsync(TestUser user, string workspaceId, Func<JsonElement, bool> condition, string what)
    {
        JsonElement last = default;
        try
        {
            await Eventually.Until(
                async () =>
                {
                    last = await ListedAsync(user, workspaceId);
                    return last.ValueKind == JsonValueKind.Object && condition(last);
                },
                what,
                TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message}; last listed as {last}", timeout);
        }

        return last;
    }

    /// <summary>The workspace once <paramref name="user"/>'s listing shows it with <paramref name="status"/>.</summary>
    public Task<JsonElement> ListedWithStatusAsync(TestUser user, string workspaceId, string status) =>
        ListedWhenAsync(user, workspaceId, w => w.GetProperty("status").GetString() == status, $"the listing to show {workspaceId} {status}");

    public static string FileContentPath(string workspaceId, string path) => $"/api/v1/workspaces/{workspaceId}/files/content?path={Uri.EscapeDataString(path)}";

    public ValueTask DisposeAsync() => ownsFactory ? Factory.DisposeAsync() : ValueTask.CompletedTask;
}
