using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Vibe.TestSupport;

namespace Vibe.WebFront.Tests.Web;

[Collection(WebFrontCollection.Name)]
public sealed class HttpBehaviourTests(WebFrontFixture fixture)
{
    [Fact]
    public async Task Malformed_JSON_is_a_400_that_says_what_is_wrong()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(HttpBehaviourTests));
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/api/v1/auth/login", new StringContent("{\"email\": \"a@example.com\", ", Encoding.UTF8, "application/json"));

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.StartsWith("The request body is not valid JSON", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_JSON_type_and_a_missing_body_are_400s()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(HttpBehaviourTests));
        using var client = factory.CreateClient();

        using var wrongType = await client.PostAsync("/api/v1/auth/login", new StringContent("{\"email\": 42, \"password\": []}", Encoding.UTF8, "application/json"));
        using var noBody = await client.PostAsync("/api/v1/auth/login", new StringContent("", Encoding.UTF8, "application/json"));

        var problem = await HttpAssert.ProblemAsync(wrongType, HttpStatusCode.BadRequest);
        Assert.Equal("'email' must be a string.", problem.Detail);
        await HttpAssert.ProblemAsync(noBody, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_non_JSON_content_type_is_a_415()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(HttpBehaviourTests));
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/api/v1/auth/login", new StringContent("email=a@example.com", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_a_413_that_names_the_limit()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(HttpBehaviourTests));
        using var client = factory.CreateClient();
        var password = new string('x', 1024 * 1024);

        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "a@example.com", password });

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("at most 1048576", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_API_path_is_a_404_problem_and_other_paths_get_the_app()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(HttpBehaviourTests));
        using var client = factory.CreateClient();

        using var api = await client.GetAsync("/api/v1/no-such-thing");
        using var wrongMethod = await client.DeleteAsync("/api/v1/auth/login");

        var problem = await HttpAssert.ProblemAsync(api, HttpStatusCode.NotFound);
        Assert.Contains("/api/v1/no-such-thing", problem.Detail, StringComparison.Ordinal);
        await HttpAssert.ProblemAsync(wrongMethod, HttpStatusCode.MethodNotAllowed);
        foreach (var path in new[] { "/", "/workspaces/some-id", "/teams" })
        {
            using var page = await client.GetAsync(path);
            Assert.True(page.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)page.StatusCode}");
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/v1/setup")]
    [InlineData("/api/v1/auth/me")]
    [InlineData("/healthz")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        var factory = await fixture.SharedFactoryAsync(nameof(HttpBehaviourTests));
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(path);

        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self' ws://localhost", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task Cross_origin_requests_are_refused_unless_the_origin_is_configured()
    {
        var closed = await fixture.SharedFactoryAsync(nameof(HttpBehaviourTests));
        await using var open = await fixture.CreateFactoryAsync(new Dictionary<string, string?> { ["Vibe:Web:CorsOrigins"] = "https://ide.example.com; https://other.example.com/" });

        using var closedPreflight = await Preflight(closed, "https://ide.example.com");
        using var allowed = await Preflight(open, "https://ide.example.com");
        using var otherAllowed = await Preflight(open, "https://other.example.com");
        using var refused = await Preflight(open, "https://evil.example.com");

        Assert.False(closedPreflight.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal("https://ide.example.com", Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("https://other.example.com", Assert.Single(otherAllowed.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));

        static async Task<HttpResponseMessage> Preflight(WebFrontFactory factory, string origin)
        {
            using var client = factory.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/auth/login");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "content-type");
            return await client.SendAsync(request);
        }
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_endpoints()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(HttpBehaviourTests));
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");
        foreach (var path in new[]
        {
            "/api/v1/setup", "/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/auth/logout",
            "/api/v1/auth/me", "/api/v1/auth/password", "/api/v1/teams", "/api/v1/teams/{teamId}", "/api/v1/teams/{teamId}/members",
            "/api/v1/teams/{teamId}/members/{userId}", "/api/v1/teams/{teamId}/invitations", "/api/v1/teams/{teamId}/invitations/{invitationId}",
            "/api/v1/invitations/{token}/accept", "/api/v1/teams/{teamId}/audit", "/api/v1/audit", "/healthz", "/readyz",
        })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"/openapi/v1.json lacks {path}");
        }
    }

    [Fact]
    public async Task The_probes_answer_without_signing_in()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(HttpBehaviourTests));
        using var client = factory.CreateClient();

        Assert.Equal("ok", await client.GetStringAsync("/healthz"));

        // Ready once Program has seen the host start, which may be a moment after the test server answers.
        await Eventually.Until(async () => (await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, "/readyz answers 200", TimeSpan.FromSeconds(30));
        var ready = await client.GetFromJsonAsync<JsonElement>("/readyz");
        Assert.Equal("ready", ready.GetProperty("status").GetString());

        // An anonymous caller from elsewhere (the test server has no client address) learns the status only.
        Assert.Equal(["status"], ready.EnumerateObject().Select(p => p.Name));
    }
}
