using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vibe.E2E.Tests;

/// <summary>
/// The first-run and sign-in forms in Chromium: the first-run form starts in Name, each form starts clean (no error or
/// fields carried over from the other), and a reload stays signed in through the HttpOnly refresh cookie, with no token
/// where page scripts can read it.
/// </summary>
public sealed class SignInFormsTests(VibeApp app) : IClassFixture<VibeApp>
{
    [Fact]
    public async Task The_first_run_form_starts_in_name_each_auth_form_starts_clean_and_a_reload_stays_signed_in_without_a_readable_token()
    {
        await using var scenario = app.Scenario();
        var page = await scenario.OpenPageAsync("admin");
        const string email = "first-admin@example.com";

        await page.GotoAsync("/");
        await Expect(page.TestId("setup-form")).ToBeVisibleAsync();
        await Expect(page.TestId("auth-display-name")).ToBeFocusedAsync();
        await page.SaveDocsScreenshotAsync("first-run");
        await page.TestId("auth-display-name").FillAsync("Ada Admin");
        await page.TestId("auth-email").FillAsync(email);
        await page.TestId("auth-password").FillAsync(Ui.Password);
        await page.TestId("auth-submit").ClickAsync();
        await Expect(page.TestId("nav-account")).ToContainTextAsync("Ada Admin");

        // A reload restores the session from the cookie; no refresh token is where a script could take it.
        await page.ReloadAsync();
        await Expect(page.TestId("nav-account")).ToContainTextAsync("Ada Admin");
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('vibe.refreshToken')"));
        Assert.DoesNotContain("vibe_refresh", await page.EvaluateAsync<string>("() => document.cookie"), StringComparison.Ordinal);
        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "vibe_refresh");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("/api/v1/auth/refresh", cookie.Path);

        await page.TestId("sign-out").ClickAsync();
        await Expect(page.TestId("signIn-form")).ToBeVisibleAsync();
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "vibe_refresh");

        // A failed sign-in, then to sign-up: nothing follows.
        await page.TestId("auth-email").FillAsync(email);
        await page.TestId("auth-password").FillAsync("not the password");
        await page.TestId("auth-submit").ClickAsync();
        await Expect(page.TestId("auth-error")).ToContainTextAsync("The email or password is wrong.");
        await page.TestId("link-signup").ClickAsync();
        await Expect(page.TestId("signUp-form")).ToBeVisibleAsync();
        await Expect(page.TestId("auth-error")).ToHaveCountAsync(0);
        await Expect(page.TestId("auth-email")).ToHaveValueAsync("");
        await Expect(page.TestId("auth-password")).ToHaveValueAsync("");
        await Expect(page.TestId("auth-display-name")).ToBeFocusedAsync();

        // And back: the sign-in form is empty again.
        await page.TestId("auth-email").FillAsync("someone@example.com");
        await page.TestId("link-signin").ClickAsync();
        await Expect(page.TestId("signIn-form")).ToBeVisibleAsync();
        await Expect(page.TestId("auth-email")).ToHaveValueAsync("");
        await Expect(page.TestId("auth-email")).ToBeFocusedAsync();
        await page.SaveDocsScreenshotAsync("sign-in");
        scenario.Complete();
    }
}
