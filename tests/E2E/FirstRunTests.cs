using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vibe.E2E.Tests;

/// <summary>The first visit to a fresh Vibe, through to a shell in a workspace: the journey of the issue, in Chromium.</summary>
public sealed class FirstRunTests(VibeApp app) : IClassFixture<VibeApp>
{
    [Fact]
    public async Task First_visitor_sets_up_Vibe_runs_ls_in_a_blank_workspace_and_sees_it_stop_live()
    {
        await using var scenario = app.Scenario();
        var page = await scenario.OpenPageAsync("admin");
        const string email = "admin@example.com";
        const string fileName = "written-through-the-api.txt";

        // The address Vibe prints opens the first-run page, which creates the admin account and signs it in.
        await page.GotoAsync("/");
        await Expect(page.TestId("setup-form")).ToBeVisibleAsync();
        await page.TestId("auth-display-name").FillAsync("Ada Admin");
        await page.TestId("auth-email").FillAsync(email);
        await page.TestId("auth-password").FillAsync(Ui.Password);
        await page.TestId("auth-submit").ClickAsync();
        await Expect(page.TestId("nav-account")).ToContainTextAsync("Ada Admin");
        await Expect(page.TestId("workspace-list-empty")).ToBeVisibleAsync();

        // A blank workspace, started at once: the dialog follows it to Running.
        await page.TestId("create-workspace").ClickAsync();
        await page.TestId("create-name").FillAsync("first-steps");
        await page.TestId("create-template").SelectOptionAsync("blank");
        await Expect(page.TestId("create-start")).ToBeCheckedAsync();
        await page.TestId("create-submit").ClickAsync();
        await Expect(page.TestId("create-progress")).ToHaveAttributeAsync("data-status", "running", Ui.ContainerTimeout);
        await page.TestId("create-open").ClickAsync();
        var workspacePage = page.TestId("workspace-page");
        await Expect(workspacePage).ToHaveAttributeAsync("data-status", "running");
        var workspaceId = await workspacePage.GetAttributeAsync("data-workspace-id") ?? throw new InvalidOperationException("The workspace page names no workspace.");

        // A terminal in the container; a file written through the REST API (a second session of the same account) shows in `ls`.
        await page.TestId("terminal-open-first").ClickAsync();
        await page.ExpectShellPromptAsync();
        var api = await app.Api.LoginAsync(email, Ui.Password);
        await api.WriteFileAsync(workspaceId, fileName, "hello from the API\n");
        await page.TypeCommandAsync("ls /workspace");
        await Expect(page.TerminalRows()).ToContainTextAsync(fileName);

        // The file tree lists it after a refresh, and the viewer shows what is in it.
        await page.TestId("file-tree-refresh").ClickAsync();
        await page.FileEntry(fileName).ClickAsync();
        await Expect(page.TestId("file-content")).ToContainTextAsync("hello from the API");
        await page.SaveDocsScreenshotAsync("workspace");

        // Stopped elsewhere (here through the API), the page shows it by itself: no reload, the status arrives over the hub.
        await page.EvaluateAsync("() => { window.__vibeE2eSamePage = true; }");
        await api.StopWorkspaceAsync(workspaceId);
        await Expect(page.TestId("workspace-status")).ToHaveAttributeAsync("data-status", "stopped", Ui.ContainerTimeout);
        await Expect(page.TestId("terminal-panel")).ToContainTextAsync("Start the workspace to open a terminal");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__vibeE2eSamePage === true"), "The page was reloaded to show the new status.");

        // The dashboard lists it as stopped.
        await page.TestId("nav-workspaces").ClickAsync();
        var row = page.Locator($"[data-testid=workspace-row][data-workspace-id='{workspaceId}']");
        await Expect(row).ToHaveAttributeAsync("data-status", "stopped");
        scenario.Complete();
    }
}
