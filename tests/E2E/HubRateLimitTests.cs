using static Microsoft.Playwright.Assertions;
using static Vibe.E2E.Tests.Fixtures.TestWorkspaces;

namespace Vibe.E2E.Tests;

/// <summary>A workspace page whose live updates the hub refuses (too many watching calls) says so, and still shows the workspace.</summary>
public sealed class HubRateLimitTests(HubRateLimitedApp fixture) : IClassFixture<HubRateLimitedApp>
{
    [Fact]
    public async Task A_page_whose_watching_calls_are_refused_says_why_on_a_desktop_and_a_phone()
    {
        var app = fixture.App;
        await using var scenario = app.Scenario();
        var email = UniqueEmail("watcher");
        var user = await app.Api.RegisterAsync(email, Ui.Password, "Wanda Watcher");
        var workspace = await user.CreateWorkspaceAsync("rate limited", "blank");

        foreach (var (name, width, height) in new[] { ("desktop", 1280, 800), ("phone", 390, 844) })
        {
            var page = await scenario.OpenPageAsync(name, width, height);
            await page.SignInAsync(email);
            await page.GotoAsync($"/workspaces/{workspace.Id}");

            // The user's one permit went to the first watching call; the page's others were refused, and it says so.
            await Expect(page.TestId("toast-error").First).ToContainTextAsync("Too many requests to watch workspaces, terminals or documents in a short time; try again in");
            await Expect(page.TestId("workspace-page")).ToHaveAttributeAsync("data-status", "stopped");
        }

        scenario.Complete();
    }
}
