using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Vibe.WebFront.Tests.Workspaces;

/// <summary>Bad input gets a 4xx with a detail that says what is wrong, and nothing is created or changed.</summary>
[Collection(WebFrontCollection.Name)]
public sealed class WorkspaceValidationTests(WebFrontFixture fixture) : IAsyncLifetime
{
    private WorkspaceTestApp? _app;
    private TestUser? _user;

    private WorkspaceTestApp App => _app!;

    private TestUser User => _user!;

    public async Task InitializeAsync()
    {
        _app = await WorkspaceTestApp.SharedAsync(fixture, nameof(WorkspaceValidationTests));
        _user = await App.RegisterAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("""{ "name": "", "template": "blank" }""", "name", "Give the workspace a name (1 to 64 characters).")]
    [InlineData("""{ "name": "   ", "template": "blank" }""", "name", "Give the workspace a name (1 to 64 characters).")]
    [InlineData("""{ "name": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "template": "blank" }""", "name", "The name is 65 characters long; it may have at most 64.")]
    [InlineData("""{ "name": "two\nlines", "template": "blank" }""", "name", "The name must not contain control characters (such as line breaks or tabs).")]
    [InlineData("""{ "name": "x", "template": "cobol" }""", "template", "There is no template 'cobol'; choose one of blank, node, python.")]
    [InlineData("""{ "name": "x" }""", "template", "Choose a template: blank, node, python.")]
    [InlineData("""{ "name": "x", "template": "blank", "limits": { "cpus": 0 } }""", "limits.cpus", "The CPU limit must be between 0.01 and")]
    [InlineData("""{ "name": "x", "template": "blank", "limits": { "cpus": 1000 } }""", "limits.cpus", "The CPU limit must be between 0.01 and")]
    [InlineData("""{ "name": "x", "template": "blank", "limits": { "memoryMb": 4 } }""", "limits.memoryMb", "The memory limit must be between 8 and 4096 MiB (this installation's maximum).")]
    [InlineData("""{ "name": "x", "template": "blank", "limits": { "pids": 2 } }""", "limits.pids", "The process limit must be between 8 and 4096 (this installation's maximum).")]
    public async Task Create_refuses_bad_input_saying_which_field_is_wrong(string body, string field, string message)
    {
        var (status, problem) = await PostJsonAsync("/api/v1/workspaces", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith(message, problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        Assert.Contains(message, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await App.CallAsync(User, HttpMethod.Get, "/api/v1/workspaces")).EnumerateArray());
    }

    [Fact]
    public async Task Malformed_bodies_and_unknown_teams_are_refused_clearly()
    {
        var (malformed, problem) = await PostJsonAsync("/api/v1/workspaces", """{ "name": "x", "template": """);
        Assert.Equal(HttpStatusCode.BadRequest, malformed);
        Assert.StartsWith("The request body is not valid JSON", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var (badNetwork, networkProblem) = await PostJsonAsync("/api/v1/workspaces", """{ "name": "x", "template": "blank", "network": "Everywhere" }""");
        Assert.Equal(HttpStatusCode.BadRequest, badNetwork);
        Assert.Contains("network", networkProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var team = Guid.NewGuid();
        var (unknownTeam, teamProblem) = await App.SendAsync(User, HttpMethod.Post, "/api/v1/workspaces", new { name = "x", template = "blank", teamId = team });
        Assert.Equal(HttpStatusCode.NotFound, unknownTeam);
        Assert.Equal($"Team '{team}' was not found.", teamProblem.GetProperty("detail").GetString());

        var owner = await App.RegisterAsync();
        var viewer = await App.RegisterAsync();
        var teamId = await App.CreateTeamAsync(owner, (viewer, "viewer"));
        var (asViewer, viewerProblem) = await App.SendAsync(viewer, HttpMethod.Post, "/api/v1/workspaces", new { name = "x", template = "blank", teamId });
        Assert.Equal(HttpStatusCode.Forbidden, asViewer);
        Assert.Contains("Viewers cannot create workspaces", viewerProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await App.CallAsync(viewer, HttpMethod.Get, "/api/v1/workspaces")).EnumerateArray());
    }

    [Theory]
    [InlineData("""{ "name": "x", "template": "blank", "limits": { "memoryMb": "128" } }""", "'limits.memoryMb' must be a whole number.")]
    [InlineData("""{ "name": "x", "template": "blank", "limits": { "cpus": true } }""", "'limits.cpus' must be a number.")]
    [InlineData("""{ "name": "x", "template": "blank", "start": "yes" }""", "'start' must be true or false.")]
    [InlineData("""{ "name": 7, "template": "blank" }""", "'name' must be a string.")]
    [InlineData("""{ "name": "x", "template": "blank", "teamId": "my team" }""", "'teamId' must be an id (a UUID")]
    [InlineData("""{ "name": "x", "template": "blank", "network": "everywhere" }""", "'network' must be one of 'none', ")]
    [InlineData("""{ "name": "x", "template": "blank", "limits": [] }""", "'limits' must be an object.")]
    [InlineData("""[]""", "The request body must be an object.")]
    public async Task A_field_of_the_wrong_type_is_named_with_what_it_must_hold(string body, string message)
    {
        var (status, problem) = await PostJsonAsync("/api/v1/workspaces", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var detail = problem.GetProperty("detail").GetString();
        Assert.StartsWith(message, detail, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", detail, StringComparison.Ordinal);
        Assert.Empty((await App.CallAsync(User, HttpMethod.Get, "/api/v1/workspaces")).EnumerateArray());
    }

    [Fact]
    public async Task Workspaces_that_do_not_exist_or_belong_to_someone_else_are_404()
    {
        var other = await App.RegisterAsync();
        var theirs = await App.CreateWorkspaceAsync(other);

        foreach (var id in new[] { theirs, "nosuchworkspace1", "not%20an%20id!" })
        {
            foreach (var (method, path) in new[] { (HttpMethod.Get, ""), (HttpMethod.Post, "/start"), (HttpMethod.Get, "/files"), (HttpMethod.Delete, "") })
            {
                var (status, _) = await App.SendAsync(User, method, $"/api/v1/workspaces/{id}{path}");
                Assert.True(status == HttpStatusCode.NotFound, $"{method} /api/v1/workspaces/{id}{path} answered {(int)status}");
            }
        }

        Assert.Equal("stopped", (await App.CallAsync(other, HttpMethod.Get, $"/api/v1/workspaces/{theirs}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task File_and_log_requests_are_validated()
    {
        var id = await App.CreateWorkspaceAsync(User);

        var (escape, escapeProblem) = await App.SendAsync(User, HttpMethod.Get, $"/api/v1/workspaces/{id}/files?path=../x");
        Assert.Equal(HttpStatusCode.BadRequest, escape);
        Assert.Equal("'../x' contains a '..' segment; paths may not climb out of (or within) the workspace.", escapeProblem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, await App.WriteFileAsync(User, id, "../x", "x"u8.ToArray()));
        Assert.Equal(HttpStatusCode.BadRequest, await App.WriteFileAsync(User, id, "/etc/passwd", "x"u8.ToArray()));
        var (root, rootProblem) = await App.SendAsync(User, HttpMethod.Delete, $"/api/v1/workspaces/{id}/files?path=");
        Assert.Equal(HttpStatusCode.BadRequest, root);
        Assert.Equal("'' names the workspace root itself; give the path of a file or directory inside it.", rootProblem.GetProperty("detail").GetString());

        var (missing, missingProblem) = await App.SendAsync(User, HttpMethod.Get, WorkspaceTestApp.FileContentPath(id, "nothing-here.txt"));
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Contains("'nothing-here.txt' does not exist", missingProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, await App.WriteFileAsync(User, id, "a.txt", "a"u8.ToArray()));
        Assert.Equal(HttpStatusCode.NoContent, await App.WriteFileAsync(User, id, "b.txt", "b"u8.ToArray()));
        var (taken, takenProblem) = await App.SendAsync(User, HttpMethod.Post, $"/api/v1/workspaces/{id}/files/move", new { from = "a.txt", to = "b.txt" });
        Assert.Equal(HttpStatusCode.Conflict, taken);
        Assert.Contains("'b.txt' already exists", takenProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var (incomplete, incompleteProblem) = await App.SendAsync(User, HttpMethod.Post, $"/api/v1/workspaces/{id}/files/move", new { from = "a.txt" });
        Assert.Equal(HttpStatusCode.BadRequest, incomplete);
        Assert.Equal("Give the path to move it to.", incompleteProblem.GetProperty("errors").GetProperty("to")[0].GetString());

        foreach (var tail in new[] { 0, 5001, -3 })
        {
            var (status, problem) = await App.SendAsync(User, HttpMethod.Get, $"/api/v1/workspaces/{id}/logs?tail={tail}");
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal($"tail must be between 1 and 5000 lines; it was {tail}.", problem.GetProperty("detail").GetString());
        }

        var (notANumber, _) = await App.SendAsync(User, HttpMethod.Get, $"/api/v1/workspaces/{id}/logs?tail=lots");
        Assert.Equal(HttpStatusCode.BadRequest, notANumber);
    }

    [Fact]
    public async Task Uploads_over_the_file_limit_are_413_and_up_to_it_are_written()
    {
        var id = await App.CreateWorkspaceAsync(User);
        const int limit = 5 * 1024 * 1024;

        Assert.Equal(HttpStatusCode.NoContent, await App.WriteFileAsync(User, id, "exactly.bin", new byte[limit]));
        var (tooLarge, problem) = await App.SendAsync(User, HttpMethod.Put, WorkspaceTestApp.FileContentPath(id, "over.bin"), Binary(new byte[limit + 1]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge);
        Assert.Contains("5242880", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Without a declared length (chunked), the limit holds while reading.
        using var chunked = new UnsizedContent(new byte[limit + 1]);
        var (chunkedStatus, _) = await App.SendAsync(User, HttpMethod.Put, WorkspaceTestApp.FileContentPath(id, "chunked.bin"), chunked);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunkedStatus);

        var files = await App.CallAsync(User, HttpMethod.Get, $"/api/v1/workspaces/{id}/files");
        Assert.Equal(["exactly.bin"], files.EnumerateArray().Select(f => f.GetProperty("name").GetString()));
    }

    private static ByteArrayContent Binary(byte[] content)
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return body;
    }

    /// <summary>A body whose length is not declared, so it is sent chunked.</summary>
    private sealed class UnsizedContent(byte[] content) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(content).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostJsonAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await App.SendAsync(User, HttpMethod.Post, path, content);
    }
}
