using Microsoft.Playwright;
using Vibe.TestSupport;
using static Microsoft.Playwright.Assertions;
using static Vibe.E2E.Tests.Fixtures.TestWorkspaces;

namespace Vibe.E2E.Tests;

/// <summary>
/// Two people edit one file of a running workspace in two browsers: each sees the other's typing and named cursor, and
/// a change made to the file in the terminal shows up in both editors.
/// </summary>
public sealed class CollaborativeEditingTests(VibeApp app) : IClassFixture<VibeApp>
{
    private const string FileName = "notes.txt";

    [Fact]
    public async Task Two_editors_see_each_others_typing_and_cursors_and_a_sed_in_the_terminal()
    {
        await using var scenario = app.Scenario();
        var (owner, ownerEmail, _, memberEmail, workspace) =
            await StartSharedAsync(app, "pair-editing", "pairing", "member", "Mia Member", "Member");
        await owner.WriteFileAsync(workspace.Id, FileName, "alpha line\nsecond line\nomega line\n");

        var ownerPage = await scenario.OpenPageAsync("owner");
        var memberPage = await scenario.OpenPageAsync("member");
        foreach (var (page, email) in new[] { (ownerPage, ownerEmail), (memberPage, memberEmail) })
        {
            await page.SignInAsync(email);
            await page.GotoAsync($"/workspaces/{workspace.Id}");
            await page.FileEntry(FileName).ClickAsync();
            await Expect(Editor(page)).ToHaveAttributeAsync("data-phase", "open");
            await Expect(Editor(page)).ToHaveAttributeAsync("data-can-edit", "true");
            await Expect(EditorText(page)).ToContainTextAsync("second line");
            await Expect(page.Locator($"[data-testid=editor-tab][data-path='{FileName}']")).ToBeVisibleAsync();
        }

        // The owner types at the end of the first line; the member sees it, and the owner's named cursor.
        await PlaceCursorAfterAsync(ownerPage, "alpha line");
        await ownerPage.Keyboard.TypeAsync(" typed by olga");
        await Expect(EditorText(memberPage)).ToContainTextAsync("alpha line typed by olga");
        await Expect(RemoteCursor(memberPage, "Olga Owner")).ToBeVisibleAsync();

        // The member types on the last line; the owner sees it and the member's cursor.
        await PlaceCursorAfterAsync(memberPage, "omega line");
        await memberPage.Keyboard.TypeAsync(" and mia");
        await Expect(EditorText(ownerPage)).ToContainTextAsync("omega line and mia");
        await Expect(RemoteCursor(ownerPage, "Mia Member")).ToBeVisibleAsync();
        await ownerPage.SaveDocsScreenshotAsync("collaborative-editing");
        await Expect(Editor(ownerPage)).ToHaveAttributeAsync("data-unsynced", "false");
        await Expect(Editor(memberPage)).ToHaveAttributeAsync("data-unsynced", "false");

        // Both edits reach the file on disk before the terminal changes it.
        await Eventually.Until(
            async () =>
            {
                var text = await owner.ReadFileAsync(workspace.Id, FileName);
                return text.Contains("alpha line typed by olga", StringComparison.Ordinal) && text.Contains("omega line and mia", StringComparison.Ordinal);
            },
            "both people's edits to be written to the file",
            TimeSpan.FromSeconds(30));

        await ownerPage.TestId("terminal-open-first").ClickAsync();
        await ownerPage.ExpectShellPromptAsync();
        await ownerPage.TypeCommandAsync($"sed -i 's/second line/changed by sed/' /workspace/{FileName}");
        foreach (var page in new[] { ownerPage, memberPage })
        {
            await Expect(EditorText(page)).ToContainTextAsync("changed by sed");
            await Expect(EditorText(page)).Not.ToContainTextAsync("second line");
            await Expect(EditorText(page)).ToContainTextAsync("alpha line typed by olga");
            await Expect(EditorText(page)).ToContainTextAsync("omega line and mia");
        }

        // Typing goes on after the disk change, and the two editors end with the same text.
        await PlaceCursorAfterAsync(memberPage, "changed by sed");
        await memberPage.Keyboard.TypeAsync(" then mia");
        await Expect(EditorText(ownerPage)).ToContainTextAsync("changed by sed then mia");
        await Expect(EditorText(memberPage)).ToHaveTextAsync(await EditorText(ownerPage).TextContentAsync() ?? "");
        scenario.Complete();
    }

    [Fact]
    public async Task Team_viewer_follows_the_edits_read_only_and_both_see_the_file_deleted()
    {
        await using var scenario = app.Scenario();
        var (owner, ownerEmail, _, viewerEmail, workspace) =
            await StartSharedAsync(app, "watchers", "watched", "viewer", "Vic Viewer", "Viewer");
        await owner.WriteFileAsync(workspace.Id, FileName, "alpha line\nsecond line\nomega line\n");

        var ownerPage = await scenario.OpenPageAsync("owner");
        var viewerPage = await scenario.OpenPageAsync("viewer");
        foreach (var (page, email) in new[] { (ownerPage, ownerEmail), (viewerPage, viewerEmail) })
        {
            await page.SignInAsync(email);
            await page.GotoAsync($"/workspaces/{workspace.Id}");
            await page.FileEntry(FileName).ClickAsync();
            await Expect(Editor(page)).ToHaveAttributeAsync("data-phase", "open");
        }

        await Expect(Editor(viewerPage)).ToHaveAttributeAsync("data-can-edit", "false");
        await Expect(Editor(viewerPage).GetByTestId("editor-access")).ToHaveTextAsync("read-only");
        await Expect(EditorText(viewerPage)).ToHaveAttributeAsync("aria-readonly", "true");

        // What the viewer types changes nothing; the viewer's cursor still shows to the owner.
        await PlaceCursorAfterAsync(viewerPage, "second line");
        await viewerPage.Keyboard.TypeAsync(" viewer-was-here");
        await Expect(RemoteCursor(ownerPage, "Vic Viewer")).ToBeVisibleAsync();
        await PlaceCursorAfterAsync(ownerPage, "alpha line");
        await ownerPage.Keyboard.TypeAsync(" owner-was-here");
        await Expect(EditorText(viewerPage)).ToContainTextAsync("alpha line owner-was-here");
        await Expect(Editor(ownerPage)).ToHaveAttributeAsync("data-unsynced", "false");
        // Had the keys reached the document, the server's refusal would show as a message and the text would reload.
        await Expect(Editor(viewerPage).GetByTestId("editor-save-error")).ToHaveCountAsync(0);
        foreach (var page in new[] { ownerPage, viewerPage })
        {
            await Expect(EditorText(page)).Not.ToContainTextAsync("viewer-was-here");
        }

        // The file is deleted outside the editors: both tabs say so and stop taking edits.
        await owner.DeleteFileAsync(workspace.Id, FileName);
        foreach (var page in new[] { ownerPage, viewerPage })
        {
            await Expect(Editor(page)).ToHaveAttributeAsync("data-phase", "closed");
            await Expect(Editor(page).GetByTestId("editor-notice")).ToHaveAttributeAsync("data-kind", "deleted");
            await Expect(Editor(page).GetByTestId("editor-notice")).ToContainTextAsync("deleted");
            await Expect(page.Locator($"[data-testid=editor-tab][data-path='{FileName}'] [data-testid=editor-tab-marker]")).ToHaveTextAsync("!");
        }

        await Expect(Editor(ownerPage)).ToHaveAttributeAsync("data-can-edit", "false");
        scenario.Complete();
    }

    private static ILocator Editor(IPage page) => page.Locator($"[data-testid=document-editor][data-path='{FileName}']");

    private static ILocator EditorText(IPage page) => Editor(page).GetByTestId("editor-content");

    private static ILocator RemoteCursor(IPage page, string name) => Editor(page).Locator($"[data-testid=remote-cursor][data-name='{name}']");

    /// <summary>Clicks into the line that holds <paramref name="text"/> and puts the cursor right after it.</summary>
    private static async Task PlaceCursorAfterAsync(IPage page, string text)
    {
        var line = Editor(page).Locator(".cm-line", new LocatorLocatorOptions { HasText = text });
        await line.ClickAsync();
        await page.Keyboard.PressAsync("End");
        // The line may hold more than the text (another person's words): go back over what follows it.
        var lineText = await line.TextContentAsync() ?? "";
        var after = lineText.Length - (lineText.IndexOf(text, StringComparison.Ordinal) + text.Length);
        for (var i = 0; i < after; i++)
        {
            await page.Keyboard.PressAsync("ArrowLeft");
        }
    }
}
