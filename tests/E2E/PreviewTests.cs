using Microsoft.Playwright;
using Vibe.TestSupport;
using static Microsoft.Playwright.Assertions;
using static Vibe.E2E.Tests.Fixtures.TestWorkspaces;

namespace Vibe.E2E.Tests;

/// <summary>
/// The Preview tab as a person uses it, in the python template: they start <c>python3 -m http.server</c> in the terminal,
/// open the Preview tab, see the page in its frame (on its own origin), edit the served file in the editor, reload the
/// frame and see the change; then the same preview on a phone.
/// </summary>
public sealed class PreviewTests(VibeApp app) : IClassFixture<VibeApp>
{
    private const int Port = 8000;
    private const string FileName = "index.html";

    /// <summary>The python image may be built by the first start on a machine that never built it (about a minute and a half here).</summary>
    private static readonly TimeSpan s_firstStartTimeout = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task A_server_started_in_the_terminal_shows_in_the_preview_and_an_edit_shows_after_a_reload()
    {
        await using var scenario = app.Scenario();
        var email = UniqueEmail("previewer");
        var user = await app.Api.RegisterAsync(email, Ui.Password, "Pia Preview");
        // Internal: the proxy on the host reaches the container on its own network; nothing is reachable from it.
        var workspace = await user.CreateWorkspaceAsync("site", "python", start: true, network: "internal");
        await WaitUntilRunningAsync(user, workspace.Id, s_firstStartTimeout);
        await user.WriteFileAsync(workspace.Id, FileName, "<!doctype html><title>site</title>\n<h1 id=greeting>\nHello from the workspace\n</h1>\n");

        var page = await scenario.OpenPageAsync("owner");
        await page.SignInAsync(email);
        await page.GotoAsync($"/workspaces/{workspace.Id}");
        await page.TestId("tab-preview").ClickAsync();
        await Expect(page.TestId("preview-empty")).ToContainTextAsync("Nothing listens on a port yet.");

        await page.TestId("tab-terminal").ClickAsync();
        await page.TestId("terminal-open-first").ClickAsync();
        await page.ExpectShellPromptAsync();
        await page.TypeCommandAsync($"python3 -m http.server {Port}");
        await Expect(page.TerminalRows()).ToContainTextAsync($"Serving HTTP on");

        // The port shows up by itself; choosing it opens the page in the frame, served from the preview's own origin.
        await page.TestId("tab-preview").ClickAsync();
        await page.TestId($"preview-port-{Port}").ClickAsync();
        var frame = page.TestId("preview-frame");
        await Expect(frame).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex($"^http://{Port}-{workspace.Id}\\.preview\\.localhost:\\d+/"));
        var greeting = page.FrameLocator("[data-testid=preview-frame]").Locator("#greeting");
        await Expect(greeting).ToHaveTextAsync("Hello from the workspace");
        await page.SaveDocsScreenshotAsync("preview");

        // The file is edited in the editor; once it is on disk, ⟳ shows the new page.
        await page.FileEntry(FileName).ClickAsync();
        var editor = page.Locator($"[data-testid=document-editor][data-path='{FileName}']");
        await Expect(editor).ToHaveAttributeAsync("data-phase", "open");
        await editor.GetByText("Hello from the workspace").ClickAsync();
        await page.Keyboard.PressAsync("End");
        await page.Keyboard.TypeAsync(", edited");
        await Expect(editor.GetByTestId("editor-content")).ToContainTextAsync("Hello from the workspace, edited");
        await Eventually.Until(
            async () => (await user.ReadFileAsync(workspace.Id, FileName)).Contains("Hello from the workspace, edited", StringComparison.Ordinal),
            "the edit on disk",
            TimeSpan.FromSeconds(30));
        await page.TestId("preview-reload").ClickAsync();
        await Expect(greeting).ToHaveTextAsync("Hello from the workspace, edited");

        // On a phone the preview is a pane of its own and shows the same page.
        var phone = await scenario.OpenPageAsync("owner-phone", 390, 844);
        await phone.SignInAsync(email);
        await phone.GotoAsync($"/workspaces/{workspace.Id}");
        await phone.TestId("pane-preview").ClickAsync();
        await phone.TestId($"preview-port-{Port}").ClickAsync();
        await Expect(phone.FrameLocator("[data-testid=preview-frame]").Locator("#greeting")).ToHaveTextAsync("Hello from the workspace, edited");
        await phone.ExpectNoHorizontalOverflowAsync("[data-testid=workspace-page]", "the Preview pane at 390×844");
        await phone.SaveDocsScreenshotAsync("preview-phone");
        scenario.Complete();
    }
}
