using System.Net;
using System.Net.Http.Json;

namespace Vibe.WebFront.Tests.Admin;

/// <summary>The installation admin's account screens through the API: the users list, disabling, making admins, reset links.</summary>
[Collection(WebFrontCollection.Name)]
public sealed class AdminUserTests(WebFrontFixture fixture) : IAsyncLifetime
{
    private WebFrontFactory _factory = null!;
    private TestUser _admin = null!;

    public async Task InitializeAsync()
    {
        _factory = await fixture.CreateFactoryAsync();
        _admin = await _factory.RegisterAsync(displayName: "Ada Admin");
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Only_installation_admins_list_accounts_and_the_list_filters()
    {
        var user = await _factory.RegisterAsync(displayName: "Bea Builder");
        using var admin = _factory.CreateClient(_admin);
        using var plain = _factory.CreateClient(user);

        await HttpAssert.ProblemAsync(await plain.GetAsync("/api/v1/admin/users"), HttpStatusCode.Forbidden);
        var all = await HttpAssert.OkAsync<List<AdminUserResponse>>(await admin.GetAsync("/api/v1/admin/users"));
        Assert.Contains(all, u => u.Id == _admin.Id && u.IsAdmin && !u.Disabled);
        Assert.Contains(all, u => u.Id == user.Id && !u.IsAdmin);
        var found = await HttpAssert.OkAsync<List<AdminUserResponse>>(await admin.GetAsync("/api/v1/admin/users?q=bea%20build"));
        Assert.Equal(user.Id, Assert.Single(found).Id);
    }

    [Fact]
    public async Task A_disabled_account_is_signed_out_at_once_and_cannot_sign_in_until_enabled()
    {
        var user = await _factory.RegisterAsync();
        using var admin = _factory.CreateClient(_admin);
        using var asUser = _factory.CreateClient(user);
        using var anonymous = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await asUser.GetAsync("/api/v1/auth/me")).StatusCode);

        var disabled = await HttpAssert.OkAsync<AdminUserResponse>(await admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { disabled = true }));

        Assert.True(disabled.Disabled);
        Assert.Equal(HttpStatusCode.Unauthorized, (await asUser.GetAsync("/api/v1/auth/me")).StatusCode);
        await HttpAssert.ProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken }), HttpStatusCode.Unauthorized);
        var refused = await HttpAssert.ProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password }), HttpStatusCode.Forbidden);
        Assert.Contains("disabled", refused.Detail, StringComparison.Ordinal);

        // A wrong password for a disabled account is answered like any wrong password.
        var wrong = await HttpAssert.ProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = "not the password" }), HttpStatusCode.Unauthorized);
        Assert.Equal("The email or password is wrong.", wrong.Detail);

        await HttpAssert.OkAsync<AdminUserResponse>(await admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { disabled = false }));
        await _factory.LoginAsync(user.Email);
        var log = await HttpAssert.OkAsync<AuditPageResponse>(await admin.GetAsync($"/api/v1/audit?action=admin.user&q={Uri.EscapeDataString(user.Email)}"));
        Assert.Equal(["admin.user.enable", "admin.user.disable"], log.Items.Select(i => i.Action));
    }

    [Fact]
    public async Task An_admin_makes_another_admin_but_the_last_enabled_admin_stays()
    {
        var second = await _factory.RegisterAsync();
        using var admin = _factory.CreateClient(_admin);

        var lastAdmin = await HttpAssert.ProblemAsync(await admin.PatchAsJsonAsync($"/api/v1/admin/users/{_admin.Id}", new { isAdmin = false }), HttpStatusCode.Conflict);
        Assert.Contains("only enabled installation admin", lastAdmin.Detail, StringComparison.Ordinal);
        var notYourself = await HttpAssert.ProblemAsync(await admin.PatchAsJsonAsync($"/api/v1/admin/users/{_admin.Id}", new { disabled = true }), HttpStatusCode.Conflict);
        Assert.Contains("your own account", notYourself.Detail, StringComparison.Ordinal);

        var promoted = await HttpAssert.OkAsync<AdminUserResponse>(await admin.PatchAsJsonAsync($"/api/v1/admin/users/{second.Id}", new { isAdmin = true }));
        Assert.True(promoted.IsAdmin);

        // The new admin acts at once (the database decides, not the claims of a token issued before).
        using var secondClient = _factory.CreateClient(second);
        await HttpAssert.OkAsync<List<AdminUserResponse>>(await secondClient.GetAsync("/api/v1/admin/users"));
        await HttpAssert.OkAsync<AdminUserResponse>(await secondClient.PatchAsJsonAsync($"/api/v1/admin/users/{second.Id}", new { isAdmin = false }));
        await HttpAssert.ProblemAsync(await secondClient.GetAsync("/api/v1/admin/users"), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await admin.PatchAsJsonAsync($"/api/v1/admin/users/{Guid.NewGuid()}", new { isAdmin = true }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_reset_link_sets_a_new_password_once_and_signs_out_the_other_sessions()
    {
        var user = await _factory.RegisterAsync();
        using var admin = _factory.CreateClient(_admin);
        using var anonymous = _factory.CreateClient();

        var first = await HttpAssert.OkAsync<PasswordResetLinkResponse>(await admin.PostAsync($"/api/v1/admin/users/{user.Id}/password-reset", null));
        var link = await HttpAssert.OkAsync<PasswordResetLinkResponse>(await admin.PostAsync($"/api/v1/admin/users/{user.Id}/password-reset", null));
        Assert.StartsWith("/reset-password/", link.Path, StringComparison.Ordinal);
        Assert.Null(link.Link); // no Vibe:Web:PublicUrl
        Assert.False(link.Emailed);
        var token = link.Path["/reset-password/".Length..];

        var tooShort = await HttpAssert.ProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/password-reset", new { token, newPassword = "short" }), HttpStatusCode.BadRequest);
        Assert.Contains("newPassword", tooShort.Errors!.Keys);
        var replaced = await HttpAssert.ProblemAsync(
            await anonymous.PostAsJsonAsync("/api/v1/auth/password-reset", new { token = first.Path["/reset-password/".Length..], newPassword = "a brand new password" }),
            HttpStatusCode.NotFound);
        Assert.Contains("replaced by a newer one", replaced.Detail, StringComparison.Ordinal);

        var signedIn = await HttpAssert.OkAsync<TokenResponse>(await anonymous.PostAsJsonAsync("/api/v1/auth/password-reset", new { token, newPassword = "a brand new password" }));

        Assert.Equal(user.Id, signedIn.User.Id);
        await HttpAssert.ProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken }), HttpStatusCode.Unauthorized);
        await HttpAssert.ProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password }), HttpStatusCode.Unauthorized);
        await _factory.LoginAsync(user.Email, "a brand new password");
        await HttpAssert.ProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/password-reset", new { token, newPassword = "yet another password" }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_audit_log_filters_by_action_text_and_time()
    {
        var user = await _factory.RegisterAsync();
        using var admin = _factory.CreateClient(_admin);
        using var anonymous = _factory.CreateClient();
        await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = "a wrong password" });
        await _factory.LoginAsync(user.Email);

        var logins = await HttpAssert.OkAsync<AuditPageResponse>(await admin.GetAsync($"/api/v1/audit?action=auth&q={Uri.EscapeDataString(user.Email)}"));
        Assert.Equal(["auth.login", "auth.login_failed", "auth.register"], logins.Items.Select(i => i.Action));
        var failed = await HttpAssert.OkAsync<AuditPageResponse>(await admin.GetAsync($"/api/v1/audit?action=auth.login_failed&q={Uri.EscapeDataString(user.Email)}"));
        Assert.Equal(user.Email, Assert.Single(failed.Items).Subject);
        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"));
        Assert.Empty((await HttpAssert.OkAsync<AuditPageResponse>(await admin.GetAsync($"/api/v1/audit?since={future}"))).Items);
        var backwards = await HttpAssert.ProblemAsync(await admin.GetAsync($"/api/v1/audit?since={future}&until=2020-01-01T00:00:00Z"), HttpStatusCode.BadRequest);
        Assert.Contains("since is later than until", backwards.Detail, StringComparison.Ordinal);
    }
}
