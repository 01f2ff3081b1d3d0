using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using Vibe.TestSupport;

namespace Vibe.WebFront.Tests.Admin;

/// <summary>
/// Orleans' cluster dashboard at /admin/cluster: its page, assets and data calls for enabled installation admins only
/// (401 anonymous, 403 for other accounts), reached by browsers through the short-lived cookie an admin's API call sets.
/// </summary>
[Collection(WebFrontCollection.Name)]
public sealed class ClusterDashboardTests(WebFrontFixture fixture) : IAsyncLifetime
{
    /// <summary>The page, an asset, and data calls the dashboard's script makes.</summary>
    private static readonly string[] DashboardPaths =
        ["/admin/cluster/", "/admin/cluster/index.min.js", "/admin/cluster/DashboardCounters", "/admin/cluster/ClusterStats", "/admin/cluster/Reminders"];

    private readonly AdjustableTimeProvider _clock = new();
    private WebFrontFactory _factory = null!;
    private TestUser _admin = null!;

    public async Task InitializeAsync()
    {
        _factory = await fixture.CreateFactoryAsync(services: services => services.AddSingleton<TimeProvider>(_clock));
        _admin = await _factory.RegisterAsync(displayName: "Ada Admin");
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Anonymous_requests_to_the_page_and_its_data_get_401_saying_where_the_dashboard_opens_from()
    {
        using var anonymous = CookieClient(cookie: null);
        using var forged = CookieClient("not-a-sealed-value");

        foreach (var path in DashboardPaths)
        {
            var problem = await HttpAssert.ProblemAsync(await anonymous.GetAsync(path), HttpStatusCode.Unauthorized);
            Assert.Contains("Admin, then Cluster", problem.Detail, StringComparison.Ordinal);
            await HttpAssert.ProblemAsync(await forged.GetAsync(path), HttpStatusCode.Unauthorized);
        }

        await HttpAssert.ProblemAsync(await anonymous.PostAsync("/api/v1/admin/cluster-session", null), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_signed_in_non_admin_gets_403_on_the_page_and_its_data_and_no_cookie()
    {
        var user = await _factory.RegisterAsync(displayName: "Bea Builder");
        using var plain = _factory.CreateClient(user);

        using var refused = await plain.PostAsync("/api/v1/admin/cluster-session", null);
        await HttpAssert.ProblemAsync(refused, HttpStatusCode.Forbidden);
        Assert.False(refused.Headers.Contains(HeaderNames.SetCookie));
        foreach (var path in DashboardPaths)
        {
            var problem = await HttpAssert.ProblemAsync(await plain.GetAsync(path), HttpStatusCode.Forbidden);
            Assert.Equal("Only installation admins see the cluster dashboard.", problem.Detail);
        }
    }

    [Fact]
    public async Task An_admins_cookie_is_HttpOnly_strict_short_lived_and_scoped_to_the_dashboard_which_it_opens_with_its_data()
    {
        using var admin = _factory.CreateClient(_admin);

        using var opened = await admin.PostAsync("/api/v1/admin/cluster-session", null);
        var session = await HttpAssert.OkAsync<ClusterDashboardSessionResponse>(opened);
        var cookie = SingleCookie(opened);

        // The cookie: sent only to the dashboard, never to scripts or other sites, for 15 minutes (not Secure over plain HTTP).
        Assert.Equal("/admin/cluster/", session.Url);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Strict, cookie.SameSite);
        Assert.Equal("/admin/cluster", cookie.Path.Value);
        Assert.False(cookie.Secure);
        Assert.NotNull(cookie.Expires);
        Assert.InRange(cookie.Expires.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        Assert.InRange(session.ExpiresAt - cookie.Expires.Value, TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(1));

        // With the cookie alone, as a browser navigating there: the page, its script and its data.
        using var browser = CookieClient(cookie.Value.Value);
        using var page = await browser.GetAsync("/admin/cluster/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>Orleans Dashboard</title>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var script = await browser.GetAsync("/admin/cluster/index.min.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        using var redirect = await browser.GetAsync("/admin/cluster");
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        Assert.Equal("/admin/cluster/", redirect.Headers.Location?.OriginalString);

        // The dashboard sees this process's silo.
        await Eventually.Until(
            async () => (await browser.GetFromJsonAsync<JsonElement>("/admin/cluster/DashboardCounters")).GetProperty("totalActiveHostCount").GetInt32() == 1,
            "the dashboard's counters show the one silo of the embedded mode",
            TimeSpan.FromSeconds(30));
        var counters = await browser.GetFromJsonAsync<JsonElement>("/admin/cluster/DashboardCounters");
        Assert.Equal(1, counters.GetProperty("hosts").GetArrayLength());

        // The grain state viewer, which calls grain methods by reflection, is refused.
        var grainState = await HttpAssert.ProblemAsync(
            await browser.GetAsync("/admin/cluster/GrainState?grainId=deadbeef&grainType=Vibe.Grains.Workspaces.WorkspaceGrain"), HttpStatusCode.Forbidden);
        Assert.Contains("grain state viewer", grainState.Detail, StringComparison.Ordinal);

        // The cookie opens nothing but the dashboard.
        using var api = await browser.GetAsync("/api/v1/admin/users");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task A_demoted_admin_loses_the_dashboard_at_once_and_a_disabled_one_too()
    {
        var second = await _factory.RegisterAsync(displayName: "Cai Second");
        using var admin = _factory.CreateClient(_admin);
        await HttpAssert.OkAsync<AdminUserResponse>(await admin.PatchAsJsonAsync($"/api/v1/admin/users/{second.Id}", new { isAdmin = true }));
        using var secondApi = _factory.CreateClient(second);
        using var opened = await secondApi.PostAsync("/api/v1/admin/cluster-session", null);
        await HttpAssert.OkAsync<ClusterDashboardSessionResponse>(opened);
        using var browser = CookieClient(SingleCookie(opened).Value.Value);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/cluster/DashboardCounters")).StatusCode);

        // Demoted: the same cookie is refused on the next request, page and data alike.
        await HttpAssert.OkAsync<AdminUserResponse>(await admin.PatchAsJsonAsync($"/api/v1/admin/users/{second.Id}", new { isAdmin = false }));
        foreach (var path in DashboardPaths)
        {
            await HttpAssert.ProblemAsync(await browser.GetAsync(path), HttpStatusCode.Forbidden);
        }

        // Made admin again, then disabled: the account no longer signs anything in.
        await HttpAssert.OkAsync<AdminUserResponse>(await admin.PatchAsJsonAsync($"/api/v1/admin/users/{second.Id}", new { isAdmin = true }));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/cluster/DashboardCounters")).StatusCode);
        await HttpAssert.OkAsync<AdminUserResponse>(await admin.PatchAsJsonAsync($"/api/v1/admin/users/{second.Id}", new { disabled = true }));
        foreach (var path in DashboardPaths)
        {
            await HttpAssert.ProblemAsync(await browser.GetAsync(path), HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task An_expired_cookie_is_refused_and_one_in_its_second_half_is_renewed()
    {
        using var admin = _factory.CreateClient(_admin);

        // Issued 20 minutes ago: expired 5 minutes ago.
        _clock.Advance(TimeSpan.FromMinutes(-20));
        using var old = await admin.PostAsync("/api/v1/admin/cluster-session", null);
        _clock.Advance(TimeSpan.FromMinutes(20));
        using var expired = CookieClient(SingleCookie(old).Value.Value);
        await HttpAssert.ProblemAsync(await expired.GetAsync("/admin/cluster/"), HttpStatusCode.Unauthorized);

        // Issued 10 minutes ago: still valid, and the answer carries a fresh 15-minute cookie.
        _clock.Advance(TimeSpan.FromMinutes(-10));
        using var aging = await admin.PostAsync("/api/v1/admin/cluster-session", null);
        _clock.Advance(TimeSpan.FromMinutes(10));
        using var browser = CookieClient(SingleCookie(aging).Value.Value);
        using var renewed = await browser.GetAsync("/admin/cluster/DashboardCounters");
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        var fresh = SingleCookie(renewed);
        Assert.True(fresh.HttpOnly);
        Assert.Equal("/admin/cluster", fresh.Path.Value);
        Assert.InRange(fresh.Expires!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));

        // A fresh cookie is not renewed on every request.
        using var current = CookieClient(fresh.Value.Value);
        using var again = await current.GetAsync("/admin/cluster/DashboardCounters");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False(again.Headers.Contains(HeaderNames.SetCookie));
    }

    /// <summary>A client that sends no token, only the dashboard cookie when given, as a browser navigating to the dashboard.</summary>
    private HttpClient CookieClient(string? cookie)
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        if (cookie is not null)
        {
            client.DefaultRequestHeaders.Add(HeaderNames.Cookie, $"vibe_cluster={cookie}");
        }

        return client;
    }

    private static SetCookieHeaderValue SingleCookie(HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues(HeaderNames.SetCookie, out var values), "the response sets no cookie");
        var cookie = SetCookieHeaderValue.Parse(Assert.Single(values));
        Assert.Equal("vibe_cluster", cookie.Name.Value);
        return cookie;
    }

    private sealed record ClusterDashboardSessionResponse(string Url, DateTimeOffset ExpiresAt);
}
