using System.Net;
using System.Net.Http.Json;

namespace Vibe.WebFront.Tests.Accounts;

/// <summary>
/// The browser's refresh token lives in an HttpOnly, SameSite=Strict cookie scoped to the refresh endpoint (Secure over
/// HTTPS), usable only with the session header and from the app's own origin; JSON clients keep the token in the body.
/// </summary>
[Collection(WebFrontCollection.Name)]
public sealed class RefreshCookieTests(WebFrontFixture fixture)
{
    private const string SessionHeader = "X-Vibe-Session";

    [Fact]
    public async Task A_browser_sign_in_sets_an_HttpOnly_strict_cookie_for_the_refresh_endpoint_and_no_token_in_the_body()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(RefreshCookieTests));
        var user = await factory.RegisterAsync();
        using var client = factory.CreateClient();

        using var login = await SendAsync(client, HttpMethod.Post, "/api/v1/auth/login", new { email = user.Email, password = user.Password });

        var tokens = await HttpAssert.OkAsync<TokenResponse>(login);
        Assert.Null(tokens.RefreshToken);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("vibe_refresh=", cookie, StringComparison.Ordinal);
        Assert.Contains("path=/api/v1/auth/refresh", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase); // plain HTTP here
    }

    [Fact]
    public async Task The_cookie_refreshes_the_session_rotates_and_signs_out_but_never_across_sites()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(RefreshCookieTests));
        var user = await factory.RegisterAsync();
        using var client = factory.CreateClient(); // keeps cookies, as a browser does
        await HttpAssert.OkAsync<TokenResponse>(await SendAsync(client, HttpMethod.Post, "/api/v1/auth/login", new { email = user.Email, password = user.Password }));

        // Without the session header (a plain form post), from another origin, or marked cross-site: refused.
        await HttpAssert.ProblemAsync(await client.PostAsync("/api/v1/auth/refresh", null), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/auth/refresh", null, ("Origin", "https://evil.example")), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/auth/refresh", null, ("Sec-Fetch-Site", "cross-site")), HttpStatusCode.Forbidden);

        using var refreshed = await SendAsync(client, HttpMethod.Post, "/api/v1/auth/refresh", null, ("Origin", "http://localhost"), ("Sec-Fetch-Site", "same-origin"));
        var tokens = await HttpAssert.OkAsync<TokenResponse>(refreshed);
        Assert.Equal(user.Id, tokens.User.Id);
        Assert.Null(tokens.RefreshToken);
        Assert.Contains(refreshed.Headers.GetValues("Set-Cookie"), c => c.StartsWith("vibe_refresh=", StringComparison.Ordinal));
        await HttpAssert.OkAsync<TokenResponse>(await SendAsync(client, HttpMethod.Post, "/api/v1/auth/refresh", null));

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(client, HttpMethod.Delete, "/api/v1/auth/refresh", null)).StatusCode);
        var ended = await HttpAssert.ProblemAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/auth/refresh", null), HttpStatusCode.Unauthorized);
        Assert.Contains("no session", ended.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_HTTPS_the_cookie_is_secure()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(RefreshCookieTests));
        var user = await factory.RegisterAsync();
        using var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });

        using var login = await SendAsync(client, HttpMethod.Post, "/api/v1/auth/login", new { email = user.Email, password = user.Password });

        await HttpAssert.OkAsync<TokenResponse>(login);
        Assert.Contains("secure", Assert.Single(login.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_JSON_client_keeps_its_refresh_token_in_the_body_as_before()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(RefreshCookieTests));
        var user = await factory.RegisterAsync();
        using var client = factory.CreateClient();

        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password });
        var tokens = await HttpAssert.OkAsync<TokenResponse>(login);

        Assert.NotNull(tokens.RefreshToken);
        Assert.False(login.Headers.Contains("Set-Cookie"));
        var next = await HttpAssert.OkAsync<TokenResponse>(await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.RefreshToken }));
        Assert.NotNull(next.RefreshToken);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object? body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add(SessionHeader, "cookie");
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return client.SendAsync(request);
    }
}
