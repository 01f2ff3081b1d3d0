using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Vibe.E2E.Tests.Fixtures.TestWorkspaces;

namespace Vibe.E2E.Tests;

/// <summary>
/// A workspace page keeps up by itself: files made in a terminal appear in every open file tree without ↻, keeping what
/// is expanded; and its owner moves it into a team from its settings, after which the team's members can open it.
/// </summary>
public sealed class LiveWorkspaceTests(VibeApp app) : IClassFixture<VibeApp>
{
    [Fact]
    public async Task Files_made_in_the_terminal_appear_in_every_open_tree_without_a_click()
    {
        await using var scenario = app.Scenario();
        var (owner, ownerEmail, _, memberEmail, workspace) = await StartSharedAsync(app, "builders", "live-tree", "member", "Mo Member", "Member");
        await owner.WriteFileAsync(workspace.Id, "src/app.js", "console.log('hi');\n");

        var ownerPage = await scenario.OpenPageAsync("owner");
        await ownerPage.SignInAsync(ownerEmail);
        await ownerPage.GotoAsync($"/workspaces/{workspace.Id}");
        await ownerPage.FileEntry("src").ClickAsync();
        await Expect(ownerPage.FileEntry("src/app.js")).ToBeVisibleAsync();
        var memberPage = await scenario.OpenPageAsync("member");
        await memberPage.SignInAsync(memberEmail);
        await memberPage.GotoAsync($"/workspaces/{workspace.Id}");
        await Expect(memberPage.FileEntry("src")).ToBeVisibleAsync();

        await ownerPage.TestId("terminal-open-first").ClickAsync();
        await ownerPage.ExpectShellPromptAsync();
        await ownerPage.TypeCommandAsync("echo made > made-in-terminal.txt && mkdir -p docs && echo more > src/util.js");

        // Nobody clicks ↻: both trees list the new entries; the owner's src stays open and shows its new file.
        await Expect(ownerPage.FileEntry("made-in-terminal.txt")).ToBeVisibleAsync();
        await Expect(ownerPage.FileEntry("docs")).ToHaveAttributeAsync("data-kind", "directory");
        await Expect(ownerPage.FileEntry("src/util.js")).ToBeVisibleAsync();
        await Expect(ownerPage.FileEntry("src/app.js")).ToBeVisibleAsync();
        await Expect(memberPage.FileEntry("made-in-terminal.txt")).ToBeVisibleAsync();
        await Expect(memberPage.FileEntry("docs")).ToBeVisibleAsync();

        await ownerPage.TypeCommandAsync("rm made-in-terminal.txt");
        await Expect(memberPage.FileEntry("made-in-terminal.txt")).ToHaveCountAsync(0);
        await Expect(ownerPage.FileEntry("made-in-terminal.txt")).ToHaveCountAsync(0);
        scenario.Complete();
    }

    [Fact]
    public async Task The_owner_moves_a_workspace_into_a_team_from_its_settings_on_a_desktop_and_a_phone()
    {
        await using var scenario = app.Scenario();
        var ownerEmail = UniqueEmail("mover");
        var memberEmail = UniqueEmail("member");
        var owner = await app.Api.RegisterAsync(ownerEmail, Ui.Password, "Olga Owner");
        var member = await app.Api.RegisterAsync(memberEmail, Ui.Password, "Mo Member");
        var team = await owner.CreateTeamAsync("platform");
        await member.AcceptInvitationAsync(await owner.InviteAsync(team.Id, memberEmail, "Member"));
        var workspace = await owner.CreateWorkspaceAsync("side project", "blank");

        var memberPage = await scenario.OpenPageAsync("member");
        await memberPage.SignInAsync(memberEmail);
        await memberPage.GotoAsync($"/workspaces/{workspace.Id}");
        await Expect(memberPage.TestId("workspace-error")).ToBeVisibleAsync();

        var page = await scenario.OpenPageAsync("owner", 1280, 800);
        await page.SignInAsync(ownerEmail);
        await page.GotoAsync($"/workspaces/{workspace.Id}");
        await page.TestId("workspace-settings").ClickAsync();
        var dialog = page.TestId("workspace-settings-dialog");
        await Expect(dialog.GetByTestId("workspace-team-hint")).ToHaveTextAsync("Only you can see it.");
        await Expect(dialog.GetByTestId("workspace-settings-save")).ToBeDisabledAsync();
        await dialog.GetByTestId("workspace-team").SelectOptionAsync(new SelectOptionValue { Label = "Team platform" });
        await Expect(dialog.GetByTestId("workspace-team-hint")).ToContainTextAsync("Members of platform can open it");
        await page.SaveDocsScreenshotAsync("workspace-settings");
        await dialog.GetByTestId("workspace-settings-save").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.GetByText("Moved side project to team platform")).ToBeVisibleAsync();

        // The member now opens it, with the team's Settings greyed out for them, saying why.
        await memberPage.ReloadAsync();
        await Expect(memberPage.TestId("workspace-page")).ToBeVisibleAsync();
        await Expect(memberPage.TestId("workspace-settings")).ToBeDisabledAsync();
        await Expect(memberPage.TestId("workspace-settings")).ToHaveAttributeAsync("title", "Only the person who created this workspace can move it to another team.");

        // On a phone the dialog fits the screen, and moving back to "Just me" works there too.
        var phone = await scenario.OpenPageAsync("owner-phone", 390, 844);
        await phone.SignInAsync(ownerEmail);
        await phone.GotoAsync($"/workspaces/{workspace.Id}");
        await phone.TestId("workspace-settings").ClickAsync();
        var phoneDialog = phone.TestId("workspace-settings-dialog");
        await Expect(phoneDialog.GetByTestId("workspace-team")).ToHaveValueAsync(team.Id.ToString());
        var box = await phoneDialog.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"The settings dialog spans {box.X}..{box.X + box.Width} on a 390 px wide screen.");
        await phone.SaveDocsScreenshotAsync("workspace-settings-phone");
        await phoneDialog.GetByTestId("workspace-team").SelectOptionAsync(new SelectOptionValue { Label = "Just me" });
        await phoneDialog.GetByTestId("workspace-settings-save").ClickAsync();
        await Expect(phoneDialog).ToHaveCountAsync(0);
        await memberPage.ReloadAsync();
        await Expect(memberPage.TestId("workspace-error")).ToBeVisibleAsync();
        scenario.Complete();
    }

}
