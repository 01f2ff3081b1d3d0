using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Vibe.E2E.Tests.Fixtures.TestWorkspaces;

namespace Vibe.E2E.Tests;

/// <summary>
/// The account screens in Chromium: the installation admin's users list, audit log, sign-up policy and the cluster
/// dashboard it links to; invitations that name their team and inviter and reach an invited person on the Teams page; the
/// agent panel's setup help, once, with configuration keys only for the admin.
/// </summary>
public sealed class AccountsUiTests(AccountsApp fixture) : IClassFixture<AccountsApp>
{
    private VibeApp App => fixture.App;

    [Fact]
    public async Task The_admin_hands_over_a_reset_link_disables_the_user_filters_the_audit_log_and_closes_sign_up()
    {
        await using var scenario = App.Scenario();
        var email = UniqueEmail("bea");
        await App.Api.RegisterAsync(email, Ui.Password, "Bea Builder");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, await App.Api.TrySignInAsync(email, "a wrong guess"));

        var admin = await scenario.OpenPageAsync("admin", 1280, 860);
        await admin.SignInAsync(AccountsApp.AdminEmail);
        await admin.TestId("nav-admin").ClickAsync();
        var row = admin.Locator($"[data-testid=admin-user-row][data-email='{email}']");
        await Expect(row).ToContainTextAsync("Bea Builder");
        await Expect(admin.Locator($"[data-testid=admin-user-row][data-email='{AccountsApp.AdminEmail}']")).ToContainTextAsync("Admin");
        await admin.SaveDocsScreenshotAsync("admin-users");

        // A reset link, opened by Bea in her own browser, sets a new password and signs her in.
        await row.GetByTestId("admin-reset-password").ClickAsync();
        var link = await admin.TestId("admin-reset-link").InputValueAsync();
        Assert.Contains("/reset-password/", link, StringComparison.Ordinal);
        var bea = await scenario.OpenPageAsync("bea");
        await bea.GotoAsync(link);
        await Expect(bea.TestId("reset-password")).ToBeFocusedAsync();
        await bea.TestId("reset-password").FillAsync("a brand new password");
        await bea.TestId("reset-submit").ClickAsync();
        await Expect(bea.TestId("nav-account")).ToContainTextAsync("Bea Builder");

        // Disabled, Bea is signed out everywhere.
        await row.GetByTestId("admin-disable").ClickAsync();
        await admin.TestId("confirm-button").ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-disabled", "true");
        await bea.ReloadAsync();
        await Expect(bea.TestId("signIn-form")).ToBeVisibleAsync();

        // The audit log, narrowed to Bea's failed sign-ins.
        await admin.TestId("admin-tab-audit").ClickAsync();
        await admin.TestId("audit-action").SelectOptionAsync("auth.login_failed");
        await admin.TestId("audit-text").FillAsync(email);
        await admin.TestId("audit-apply").ClickAsync();
        await Expect(admin.TestId("audit-entry")).ToHaveCountAsync(1);
        await Expect(admin.TestId("audit-entry")).ToHaveAttributeAsync("data-action", "auth.login_failed");
        await admin.TestId("audit-action").SelectOptionAsync("");
        await admin.TestId("audit-apply").ClickAsync();
        await Expect(admin.Locator("[data-testid=audit-entry][data-action='admin.user.disable']")).ToHaveCountAsync(1);
        await admin.SaveDocsScreenshotAsync("admin-audit");

        // Closing sign-up: the sign-in page stops offering it, and registering is refused.
        await admin.TestId("admin-tab-settings").ClickAsync();
        try
        {
            await admin.TestId("signup-policy-closed").CheckAsync();
            await Expect(admin.TestId("signup-policy-closed")).ToBeCheckedAsync();
            await admin.ReloadAsync();
            await Expect(admin.TestId("signup-policy-closed")).ToBeCheckedAsync();
            await admin.SaveDocsScreenshotAsync("admin-settings");
            var visitor = await scenario.OpenPageAsync("visitor");
            await visitor.GotoAsync("/login");
            await Expect(visitor.TestId("signup-closed")).ToContainTextAsync("Ask the administrator for an invitation");
            await Expect(visitor.TestId("link-signup")).ToHaveCountAsync(0);
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => App.Api.RegisterAsync(UniqueEmail("walk-in"), Ui.Password, "Walk In"));
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
        }
        finally
        {
            await fixture.Admin.SetSignUpAsync("Open");
        }

        scenario.Complete();
    }

    [Fact]
    public async Task The_admin_opens_the_cluster_dashboard_from_the_admin_screens_on_a_desktop_and_a_phone()
    {
        await using var scenario = App.Scenario();
        var admin = await scenario.OpenPageAsync("admin", 1280, 860);
        await admin.SignInAsync(AccountsApp.AdminEmail);
        await admin.TestId("nav-admin").ClickAsync();
        await Expect(admin.TestId("admin-tab-cluster")).ToHaveTextAsync("Cluster ↗");
        // On a phone the four admin tabs, Cluster last, still fit the screen's width.
        await admin.SetViewportSizeAsync(390, 844);
        var clusterTab = await admin.TestId("admin-tab-cluster").BoundingBoxAsync();
        Assert.True(clusterTab is { X: >= 0 } && clusterTab.X + clusterTab.Width <= 390, $"the Cluster tab reaches outside a 390 px screen: {clusterTab?.X}..{clusterTab?.X + clusterTab?.Width}");
        await admin.SetViewportSizeAsync(1280, 860);

        // The link opens Orleans' dashboard in a new tab; the browser gets in with the cookie the admin screen asked for.
        var dashboard = await admin.Context.RunAndWaitForPageAsync(() => admin.TestId("admin-tab-cluster").ClickAsync());
        var scriptErrors = new List<string>();
        dashboard.PageError += (_, error) => scriptErrors.Add(error);
        dashboard.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                scriptErrors.Add(message.Text); // a Content-Security-Policy refusal shows here
            }
        };
        await Expect(dashboard).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/cluster/$"));
        await Expect(dashboard).ToHaveTitleAsync("Orleans Dashboard");
        var activeSilos = dashboard.Locator(".info-box").Filter(new LocatorFilterOptions { HasText = "Active Silos" });
        await Expect(activeSilos.Locator(".info-box-number")).ToHaveTextAsync("1");
        Assert.Null(await dashboard.EvaluateAsync<string?>("() => window.opener === null ? null : 'the dashboard tab can reach the admin screen'"));
        await dashboard.SaveDocsScreenshotAsync("cluster-dashboard");

        await dashboard.SetViewportSizeAsync(390, 844);
        await Expect(activeSilos).ToBeVisibleAsync();
        await dashboard.SaveDocsScreenshotAsync("cluster-dashboard-phone");
        Assert.True(scriptErrors.Count == 0, "The dashboard logged errors:\n" + string.Join('\n', scriptErrors));

        // Without the cookie (another browser), the dashboard refuses.
        var stranger = await scenario.OpenPageAsync("stranger");
        var refused = await stranger.GotoAsync("/admin/cluster/");
        Assert.Equal(401, refused?.Status);
        scenario.Complete();
    }

    [Fact]
    public async Task An_invitation_names_its_team_and_inviter_reaches_an_invited_user_on_sign_in_and_lets_a_newcomer_sign_up()
    {
        await using var scenario = App.Scenario();
        var owner = await App.Api.RegisterAsync(UniqueEmail("olga"), Ui.Password, "Olga Owner");
        var carolEmail = UniqueEmail("carol");
        await App.Api.RegisterAsync(carolEmail, Ui.Password, "Carol Coder");
        var team = await owner.CreateTeamAsync("Rocket Lab");
        await owner.InviteAsync(team.Id, carolEmail, "member");
        var newcomerEmail = UniqueEmail("newcomer");
        var newcomerToken = await owner.InviteAsync(team.Id, newcomerEmail, "member");

        // Carol signs in and finds the invitation on her Teams page, without any link.
        var carol = await scenario.OpenPageAsync("carol");
        await carol.SignInAsync(carolEmail);
        await carol.TestId("nav-teams").ClickAsync();
        var invitation = carol.Locator("[data-testid=my-invitation][data-team-name='Rocket Lab']");
        await Expect(invitation).ToContainTextAsync("Olga Owner invited you");
        await carol.SaveDocsScreenshotAsync("teams-invitations");
        await invitation.GetByTestId("my-invitation-accept").ClickAsync();
        await Expect(carol).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/teams/{team.Id}$"));

        // Only sign-up through the link is possible now; the link's page says who invites to what.
        await fixture.Admin.SetSignUpAsync("InviteOnly");
        try
        {
            var newcomer = await scenario.OpenPageAsync("newcomer");
            await newcomer.GotoAsync($"/invite/{newcomerToken}");
            await Expect(newcomer.TestId("invite-title")).ToHaveTextAsync("Join Rocket Lab");
            await Expect(newcomer.TestId("invite-summary")).ToContainTextAsync("Olga Owner invited " + newcomerEmail);
            await newcomer.SaveDocsScreenshotAsync("invite");
            await newcomer.TestId("invite-signup").ClickAsync();
            await Expect(newcomer.TestId("signUp-form")).ToBeVisibleAsync();
            await Expect(newcomer.TestId("auth-email")).ToHaveValueAsync(newcomerEmail);
            await newcomer.TestId("auth-display-name").FillAsync("Nia Newcomer");
            await newcomer.TestId("auth-password").FillAsync(Ui.Password);
            await newcomer.TestId("auth-submit").ClickAsync();
            await Expect(newcomer.Locator($"[data-testid=team-row][data-team-id='{team.Id}']")).ToContainTextAsync("Rocket Lab");
        }
        finally
        {
            await fixture.Admin.SetSignUpAsync("Open");
        }

        scenario.Complete();
    }

    [Fact]
    public async Task The_agent_panel_says_once_that_no_provider_is_set_naming_configuration_keys_only_to_the_admin()
    {
        await using var scenario = App.Scenario();
        var userEmail = UniqueEmail("dev");
        var user = await App.Api.RegisterAsync(userEmail, Ui.Password, "Dee Developer");
        var own = await user.CreateWorkspaceAsync("no-agent-yet", "blank");
        var adminsOwn = await fixture.Admin.CreateWorkspaceAsync("admins-workspace", "blank");

        var page = await scenario.OpenPageAsync("developer", 1400, 900);
        await page.SignInAsync(userEmail);
        await page.GotoAsync($"/workspaces/{own.Id}");
        var help = page.TestId("agent-help");
        await Expect(help).ToContainTextAsync("Ask the installation admin to configure one");
        await Expect(help).Not.ToContainTextAsync("Vibe:Agent");
        await Expect(page.TestId("agent-panel").GetByText("No AI provider is configured")).ToHaveCountAsync(1);

        var admin = await scenario.OpenPageAsync("admin", 1400, 900);
        await admin.SignInAsync(AccountsApp.AdminEmail);
        await admin.GotoAsync($"/workspaces/{adminsOwn.Id}");
        await Expect(admin.TestId("agent-help")).ToContainTextAsync("Vibe:Agent:Provider:Kind");
        await Expect(admin.TestId("agent-panel").GetByText("No AI provider is configured")).ToHaveCountAsync(1);
        scenario.Complete();
    }
}
