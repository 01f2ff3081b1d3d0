using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Vibe.E2E.Tests.Fixtures.TestWorkspaces;

namespace Vibe.E2E.Tests;

/// <summary>A template whose image was never built: the create dialog shows the build's steps and percent, then Running, on a desktop and a phone.</summary>
public sealed class TemplateBuildTests(TemplateBuildApp fixture) : IClassFixture<TemplateBuildApp>
{
    private VibeApp App => fixture.App;

    [Theory]
    [InlineData(0, 1280, 800, "create-dialog-building")]
    [InlineData(1, 390, 844, "create-dialog-building-phone")]
    public async Task Creating_a_workspace_of_an_unbuilt_template_shows_the_build_then_running(int templateIndex, int width, int height, string screenshot)
    {
        await using var scenario = App.Scenario();
        var template = fixture.Templates[templateIndex];
        var email = UniqueEmail("builder");
        await App.Api.RegisterAsync(email, Ui.Password, "Bea Builder");
        var page = await scenario.OpenPageAsync("builder", width, height);
        await page.SignInAsync(email);

        await page.TestId("create-workspace").ClickAsync();
        await page.TestId("create-name").FillAsync("first-build");
        await page.TestId("create-template").SelectOptionAsync(template);
        await Expect(page.TestId("create-template-hint")).ToContainTextAsync("Starts empty; run sh.");
        await page.TestId("create-submit").ClickAsync();

        // The build of the template image shows under Starting, with its step and percent.
        var build = page.TestId("create-build");
        await Expect(build).ToContainTextAsync($"Building the {template} template image", new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });
        await Expect(page.TestId("create-build-stage")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Step \d of 5: .+ · \d+%"));
        await Expect(page.TestId("create-progress")).ToHaveAttributeAsync("data-status", "starting");
        // The dialog fits the viewport (the page's top bar is the dashboard's concern and is measured by its own tests).
        var fits = await page.TestId("create-workspace-dialog").EvaluateAsync<bool>(
            "(dialog) => { const r = dialog.getBoundingClientRect(); return r.left >= 0 && r.right <= document.documentElement.clientWidth && dialog.scrollWidth <= dialog.clientWidth; }");
        Assert.True(fits, $"The create dialog does not fit {width}×{height}.");
        await page.SaveDocsScreenshotAsync(screenshot);

        // Then the workspace runs, the build's progress gone.
        await Expect(page.TestId("create-progress")).ToHaveAttributeAsync("data-status", "running", Ui.ContainerTimeout);
        await Expect(build).ToHaveCountAsync(0);
        await Expect(page.TestId("create-workspace-dialog")).ToContainTextAsync("Created first-build");
        scenario.Complete();
    }
}
