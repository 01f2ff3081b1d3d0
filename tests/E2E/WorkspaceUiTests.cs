using static Microsoft.Playwright.Assertions;
using static Vibe.E2E.Tests.Fixtures.TestWorkspaces;

namespace Vibe.E2E.Tests;

/// <summary>The dashboard and the workspace page on a desktop and a phone, and what a team's viewer may do in a terminal.</summary>
public sealed class WorkspaceUiTests(VibeApp app) : IClassFixture<VibeApp>
{
    [Fact]
    public async Task Dashboard_and_workspace_page_fit_a_desktop_and_a_phone()
    {
        await using var scenario = app.Scenario();
        var email = UniqueEmail("layout");
        var user = await app.Api.RegisterAsync(email, Ui.Password, "Lin Layout");
        var running = await user.CreateWorkspaceAsync("api-server", "blank", start: true);
        await user.CreateWorkspaceAsync("notes", "blank");
        await WaitUntilRunningAsync(user, running.Id);

        var page = await scenario.OpenPageAsync("desktop", 1280, 800);
        await page.SignInAsync(email);
        await Expect(page.TestId("workspace-row")).ToHaveCountAsync(2);
        var runningRow = page.Locator($"[data-testid=workspace-row][data-workspace-id='{running.Id}']");
        await Expect(runningRow).ToHaveAttributeAsync("data-status", "running");
        // Live resource use of the running workspace (sampled every few seconds).
        await Expect(runningRow.GetByTestId("workspace-memory")).ToContainTextAsync("B");
        await page.ExpectNoHorizontalOverflowAsync("[data-testid=workspace-list]", "the dashboard at 1280×800");
        await page.SaveDocsScreenshotAsync("dashboard");

        await runningRow.GetByTestId("workspace-open").ClickAsync();
        await Expect(page.TestId("workspace-page")).ToHaveAttributeAsync("data-status", "running");
        await Expect(page.TestId("file-tree")).ToBeVisibleAsync();
        await Expect(page.TestId("terminal-panel")).ToBeVisibleAsync();
        await page.ExpectNoHorizontalOverflowAsync("[data-testid=workspace-page]", "the workspace page at 1280×800");

        await page.SetViewportSizeAsync(390, 844);
        await page.ExpectNoHorizontalOverflowAsync("[data-testid=workspace-page]", "the workspace page at 390×844");
        await page.TestId("nav-workspaces").ClickAsync();
        await Expect(page.TestId("workspace-row")).ToHaveCountAsync(2);
        await page.ExpectNoHorizontalOverflowAsync("[data-testid=workspace-list]", "the dashboard at 390×844");
        await Expect(runningRow.GetByTestId("workspace-stop")).ToBeInViewportAsync();
        await page.SaveDocsScreenshotAsync("dashboard-phone");
        scenario.Complete();
    }

    [Fact]
    public async Task Team_viewer_watches_the_terminal_but_cannot_type_into_it()
    {
        await using var scenario = app.Scenario();
        var (_, ownerEmail, _, viewerEmail, workspace) =
            await StartSharedAsync(app, "observers", "shared-shell", "viewer", "Vic Viewer", "Viewer");

        var ownerPage = await scenario.OpenPageAsync("owner");
        await ownerPage.SignInAsync(ownerEmail);
        await ownerPage.GotoAsync($"/workspaces/{workspace.Id}");
        await ownerPage.TestId("terminal-open-first").ClickAsync();
        await ownerPage.ExpectShellPromptAsync();
        await ownerPage.TypeCommandAsync("echo owner-$((40 + 2))");
        await Expect(ownerPage.TerminalRows()).ToContainTextAsync("owner-42");

        // The viewer sees the owner's terminal, scrollback included, and gets no way to open one.
        var viewerPage = await scenario.OpenPageAsync("viewer");
        await viewerPage.SignInAsync(viewerEmail);
        await viewerPage.GotoAsync($"/workspaces/{workspace.Id}");
        await Expect(viewerPage.TestId("workspace-page")).ToHaveAttributeAsync("data-status", "running");
        await Expect(viewerPage.TerminalRows()).ToContainTextAsync("owner-42");
        await Expect(viewerPage.TestId("terminal-open")).ToHaveCountAsync(0);
        await Expect(viewerPage.TestId("workspace-stop")).ToBeDisabledAsync();

        // What the viewer types never reaches the shell; what the owner types next reaches both screens.
        await viewerPage.TypeCommandAsync("echo viewer-$((6 * 7))");
        await ownerPage.TypeCommandAsync("echo owner-again-$((50 + 1))");
        await Expect(viewerPage.TerminalRows()).ToContainTextAsync("owner-again-51");
        await Expect(ownerPage.TerminalRows()).ToContainTextAsync("owner-again-51");
        Assert.DoesNotContain("viewer-", await ownerPage.TerminalRows().InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("viewer-", await viewerPage.TerminalRows().InnerTextAsync(), StringComparison.Ordinal);
        scenario.Complete();
    }
}
