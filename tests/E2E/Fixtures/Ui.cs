using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vibe.E2E.Tests.Fixtures;

/// <summary>What the scenarios do in the browser app, through its stable data-testid attributes.</summary>
internal static class Ui
{
    /// <summary>The password scenario accounts use.</summary>
    public const string Password = "correct horse battery staple";

    /// <summary>Set to 1 to write the documentation screenshots (docs/screenshots/) while the tests run.</summary>
    public const string ScreenshotsVariable = "VIBE_SCREENSHOTS";

    /// <summary>Waiting for a container to start or stop: generous, as Docker on a busy CI machine can be slow.</summary>
    public static readonly LocatorAssertionsToHaveAttributeOptions ContainerTimeout = new() { Timeout = 120_000 };

    public static ILocator TestId(this IPage page, string testId) => page.GetByTestId(testId);

    /// <summary>The file tree's entry for <paramref name="path"/> (relative to the workspace).</summary>
    public static ILocator FileEntry(this IPage page, string path) => page.Locator($"[data-testid=file-entry][data-path='{path}']");

    /// <summary>The rendered text of the visible terminal (xterm.js draws its rows as DOM elements).</summary>
    public static ILocator ActiveTerminal(this IPage page) => page.Locator("[data-testid=terminal][data-active=true]");

    public static ILocator TerminalRows(this IPage page) => page.ActiveTerminal().Locator(".xterm-rows");

    /// <summary>Signs in through the sign-in page and waits for the signed-in app.</summary>
    public static async Task SignInAsync(this IPage page, string email, string password = Password)
    {
        await page.GotoAsync("/login");
        await page.TestId("auth-email").FillAsync(email);
        await page.TestId("auth-password").FillAsync(password);
        await page.TestId("auth-submit").ClickAsync();
        await Expect(page.TestId("nav-account")).ToBeVisibleAsync();
    }

    /// <summary>Waits for the shell's prompt (BusyBox's <c>~ $</c>) in the visible terminal, as a person would before typing.</summary>
    public static Task ExpectShellPromptAsync(this IPage page) => Expect(page.TerminalRows()).ToContainTextAsync("$");

    /// <summary>Types a command line into the visible terminal and presses Enter.</summary>
    public static async Task TypeCommandAsync(this IPage page, string command)
    {
        await page.ActiveTerminal().ClickAsync();
        await page.Keyboard.TypeAsync(command);
        await page.Keyboard.PressAsync("Enter");
    }

    /// <summary>
    /// Asserts that the page and its main content (<paramref name="contentSelector"/>) are no wider than the viewport:
    /// nothing scrolls or is cut off sideways. The message names the elements that stick out.
    /// </summary>
    public static async Task ExpectNoHorizontalOverflowAsync(this IPage page, string contentSelector, string what)
    {
        var measured = await page.EvaluateAsync<JsonElement>(
            """
            (selector) => {
              const root = document.documentElement;
              const content = document.querySelector(selector);
              const width = root.clientWidth;
              const outside = [...document.querySelectorAll('body *')]
                .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && (r.right > width + 1 || r.left < -1); })
                .slice(0, 8)
                .map((e) => `${e.tagName.toLowerCase()}${e.dataset.testid ? `[data-testid=${e.dataset.testid}]` : ''}.${[...e.classList].join('.')} (${Math.round(e.getBoundingClientRect().left)}..${Math.round(e.getBoundingClientRect().right)})`);
              return {
                viewport: width,
                page: root.scrollWidth,
                found: content !== null,
                contentScroll: content ? content.scrollWidth : 0,
                contentClient: content ? content.clientWidth : 0,
                contentRight: content ? Math.round(content.getBoundingClientRect().right) : 0,
                outside,
              };
            }
            """,
            contentSelector);
        var viewport = measured.GetProperty("viewport").GetInt32();
        var pageWidth = measured.GetProperty("page").GetInt32();
        var contentScroll = measured.GetProperty("contentScroll").GetInt32();
        var contentClient = measured.GetProperty("contentClient").GetInt32();
        var contentRight = measured.GetProperty("contentRight").GetInt32();
        var details = $"{what}: viewport {viewport} px, page {pageWidth} px, {contentSelector} {contentClient} px wide with {contentScroll} px of content, right edge at {contentRight} px; " +
            $"elements reaching outside the viewport (some may be clipped harmlessly): {measured.GetProperty("outside")}";
        Assert.True(measured.GetProperty("found").GetBoolean(), $"{what}: no element matches {contentSelector}.");
        Assert.True(pageWidth <= viewport, "The page scrolls sideways. " + details);
        Assert.True(contentScroll <= contentClient + 1, "The main content is wider than its box (cut off or scrolling sideways). " + details);
        Assert.True(contentRight <= viewport + 1, "The main content reaches past the viewport. " + details);
    }

    /// <summary>Writes docs/screenshots/NAME.png of the viewport when VIBE_SCREENSHOTS=1 (CI leaves the tree clean).</summary>
    public static async Task SaveDocsScreenshotAsync(this IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable(ScreenshotsVariable) != "1")
        {
            return;
        }

        var directory = Path.Combine(VibeApp.RepositoryRoot, "docs", "screenshots");
        Directory.CreateDirectory(directory);
        // Where the pointer last clicked, a hover style would show in the picture.
        await page.Mouse.MoveAsync(0, 0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), Animations = ScreenshotAnimations.Disabled });
    }
}
