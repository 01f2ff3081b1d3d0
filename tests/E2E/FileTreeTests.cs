using System.IO.Compression;
using System.Text;
using Microsoft.Playwright;
using Vibe.TestSupport;
using static Microsoft.Playwright.Assertions;
using static Vibe.E2E.Tests.Fixtures.TestWorkspaces;

namespace Vibe.E2E.Tests;

/// <summary>
/// The file tree makes and changes files: a new file and folder, rename with F2, delete with Delete after confirming,
/// upload by button, folder picker and drop, download of a folder as zip; what it shows matches the files on disk. A
/// team's viewer reads the tree, and its disabled buttons say why.
/// </summary>
public sealed class FileTreeTests(VibeApp app) : IClassFixture<VibeApp>
{
    [Fact]
    public async Task The_tree_creates_renames_deletes_uploads_and_downloads_files()
    {
        await using var scenario = app.Scenario();
        var email = UniqueEmail("tree");
        var user = await app.Api.RegisterAsync(email, Ui.Password, "Tia Tree");
        var workspace = await user.CreateWorkspaceAsync("site", "blank");
        await user.WriteFileAsync(workspace.Id, "README.md", "# site\n");
        await user.WriteFileAsync(workspace.Id, "src/app.js", "console.log('hi');\n");
        var page = await scenario.OpenPageAsync("owner");
        await page.SignInAsync(email);
        await page.GotoAsync($"/workspaces/{workspace.Id}");
        await Expect(page.FileEntry("README.md")).ToBeVisibleAsync();

        // A new file opens in the editor; what is typed is what is stored (tags are not closed twice).
        await page.TestId("file-new").ClickAsync();
        await page.TestId("file-name-input").FillAsync("index.html");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.FileEntry("index.html")).ToBeVisibleAsync();
        var editor = page.Locator("[data-testid=document-editor][data-path='index.html']");
        await Expect(editor).ToHaveAttributeAsync("data-phase", "open");
        await editor.GetByTestId("editor-content").ClickAsync();
        await page.Keyboard.TypeAsync("<p>x</p>");
        await Expect(editor.GetByTestId("editor-content")).ToHaveTextAsync("<p>x</p>");
        await Eventually.Until(async () => await user.ReadFileAsync(workspace.Id, "index.html") == "<p>x</p>", "the typed HTML on disk", TimeSpan.FromSeconds(30));

        // A new folder beside the chosen file, at the root; a name that exists is refused in place, once.
        await page.TestId("file-new-folder").ClickAsync();
        await page.TestId("file-name-input").FillAsync("src");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.TestId("file-name-error")).ToContainTextAsync("'src' already exists (a folder)");
        await page.TestId("file-name-input").FillAsync("docs");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.FileEntry("docs")).ToHaveAttributeAsync("data-kind", "directory");
        Assert.Contains("docs", await user.ListFilesAsync(workspace.Id, ""));

        // F2 renames the focused entry.
        await page.FileEntry("README.md").FocusAsync();
        await page.Keyboard.PressAsync("F2");
        await page.TestId("file-name-input").FillAsync("GUIDE.md");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.FileEntry("GUIDE.md")).ToBeVisibleAsync();
        await Expect(page.FileEntry("README.md")).ToHaveCountAsync(0);
        Assert.Equal("# site\n", await user.ReadFileAsync(workspace.Id, "GUIDE.md"));

        // Delete asks first; cancelling keeps the file, confirming removes it.
        await page.FileEntry("GUIDE.md").FocusAsync();
        await page.Keyboard.PressAsync("Delete");
        await Expect(page.TestId("confirm-dialog")).ToContainTextAsync("GUIDE.md will be deleted from the workspace");
        await page.TestId("confirm-dialog").GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(page.FileEntry("GUIDE.md")).ToBeVisibleAsync();
        await page.FileEntry("GUIDE.md").FocusAsync();
        await page.Keyboard.PressAsync("Delete");
        await page.TestId("confirm-button").ClickAsync();
        await Expect(page.FileEntry("GUIDE.md")).ToHaveCountAsync(0);
        Assert.DoesNotContain("GUIDE.md", await user.ListFilesAsync(workspace.Id, ""));

        // Upload: files through the button into the chosen folder, a folder through the folder picker, a file dropped on a folder.
        await page.FileEntry("docs").ClickAsync();
        await page.TestId("file-upload-input").SetInputFilesAsync(
        [
            new FilePayload { Name = "intro.md", MimeType = "text/markdown", Buffer = Encoding.UTF8.GetBytes("# intro\n") },
            new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("notes\n") },
        ]);
        await Expect(page.FileEntry("docs/intro.md")).ToBeVisibleAsync();
        Assert.Equal("notes\n", await user.ReadFileAsync(workspace.Id, "docs/notes.txt"));

        var folder = Directory.CreateTempSubdirectory("vibe-e2e-upload-");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder.FullName, "assets", "css"));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "assets", "logo.svg"), "<svg/>");
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "assets", "css", "main.css"), "p { color: red }");
            await page.FileEntry("index.html").ClickAsync();
            await page.TestId("file-upload-folder-input").SetInputFilesAsync(Path.Combine(folder.FullName, "assets"));
            await Expect(page.FileEntry("assets")).ToHaveAttributeAsync("data-kind", "directory");
            Assert.Equal("p { color: red }", await user.ReadFileAsync(workspace.Id, "assets/css/main.css"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        await DropFileAsync(page, page.FileEntry("src"), "dropped.js", "export const dropped = true;\n");
        await Expect(page.FileEntry("src/dropped.js")).ToBeVisibleAsync();
        Assert.Equal("export const dropped = true;\n", await user.ReadFileAsync(workspace.Id, "src/dropped.js"));

        // A folder downloads as a zip of everything in it.
        await page.FileEntry("assets").ClickAsync();
        await Expect(page.FileEntry("assets/logo.svg")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => document.querySelectorAll('.toast-close').forEach((button) => button.click())");
        await page.SaveDocsScreenshotAsync("file-tree");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByLabel("Download assets as zip").ClickAsync());
        Assert.Equal("assets.zip", download.SuggestedFilename);
        using (var zip = new ZipArchive(File.OpenRead(await download.PathAsync()), ZipArchiveMode.Read))
        {
            Assert.Equal(["assets/css/", "assets/css/main.css", "assets/logo.svg"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        }

        scenario.Complete();
    }

    [Fact]
    public async Task A_team_viewer_reads_the_tree_and_its_disabled_buttons_say_why()
    {
        await using var scenario = app.Scenario();
        var ownerEmail = UniqueEmail("owner");
        var viewerEmail = UniqueEmail("viewer");
        var owner = await app.Api.RegisterAsync(ownerEmail, Ui.Password, "Olga Owner");
        var viewer = await app.Api.RegisterAsync(viewerEmail, Ui.Password, "Vic Viewer");
        var team = await owner.CreateTeamAsync("readers");
        await viewer.AcceptInvitationAsync(await owner.InviteAsync(team.Id, viewerEmail, "Viewer"));
        var workspace = await owner.CreateWorkspaceAsync("shared notes", "blank", team.Id);
        await owner.WriteFileAsync(workspace.Id, "notes/todo.md", "- ship it\n");

        var page = await scenario.OpenPageAsync("viewer");
        await page.SignInAsync(viewerEmail);
        await page.GotoAsync($"/workspaces/{workspace.Id}");
        await page.FileEntry("notes").ClickAsync();
        await Expect(page.FileEntry("notes/todo.md")).ToBeVisibleAsync();

        foreach (var button in new[] { "file-new", "file-new-folder", "file-upload", "file-upload-folder" })
        {
            await Expect(page.TestId(button)).ToBeDisabledAsync();
            await Expect(page.TestId(button)).ToHaveAttributeAsync("title", "Changing files needs write access to this workspace; you can read it only.");
        }

        await Expect(page.TestId("workspace-start")).ToBeDisabledAsync();
        await Expect(page.TestId("workspace-start")).ToHaveAttributeAsync("title", "Only the workspace's owner (or a team owner or admin) can start, stop or delete it.");

        // Keys that would change files say why instead; downloading is for readers too.
        await page.FileEntry("notes/todo.md").FocusAsync();
        await page.Keyboard.PressAsync("Delete");
        await Expect(page.TestId("toast-error")).ToContainTextAsync("needs write access");
        await Expect(page.TestId("confirm-dialog")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=file-action-delete]")).ToHaveCountAsync(0);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByLabel("Download notes/todo.md").ClickAsync());
        Assert.Equal("todo.md", download.SuggestedFilename);
        Assert.Equal("- ship it\n", await File.ReadAllTextAsync(await download.PathAsync()));
        Assert.Equal(["todo.md"], await owner.ListFilesAsync(workspace.Id, "notes"));
        scenario.Complete();
    }

    [Fact]
    public async Task A_file_the_editor_cannot_open_says_why_once_in_words_a_person_understands()
    {
        await using var scenario = app.Scenario();
        var email = UniqueEmail("limits");
        var user = await app.Api.RegisterAsync(email, Ui.Password, "Lia Limits");
        var workspace = await CreateRunningAsync(user, "limits");
        var page = await scenario.OpenPageAsync("owner");
        await page.SignInAsync(email);
        await page.GotoAsync($"/workspaces/{workspace.Id}");
        await page.TestId("terminal-open-first").ClickAsync();
        await page.ExpectShellPromptAsync();
        await page.TypeCommandAsync("cd /workspace && head -c 6000000 /dev/zero > big.bin && ln -s /etc/passwd outside && echo made-$((6*7))");
        await Expect(page.TerminalRows()).ToContainTextAsync("made-42");
        await page.TestId("file-tree-refresh").ClickAsync();

        (string Path, string Reason)[] cases =
        [
            ("big.bin", "'big.bin' is 5.7 MiB (6000000 bytes), more than the 5 MiB Vibe opens or saves at once; work on larger files in the terminal"),
            ("outside", "'outside' leads outside the workspace through a symbolic link; Vibe follows only links that stay inside the workspace"),
        ];
        foreach (var (path, reason) in cases)
        {
            await page.FileEntry(path).ClickAsync();
            var editor = page.Locator($"[data-testid=document-editor][data-path='{path}']");
            await Expect(editor).ToHaveAttributeAsync("data-phase", "failed");
            await Expect(editor.GetByRole(AriaRole.Alert)).ToHaveCountAsync(1);
            await Expect(editor.GetByRole(AriaRole.Alert)).ToContainTextAsync(reason);
            var shown = await editor.InnerTextAsync();
            Assert.Equal(1, CountOf(shown, reason[..30]));
        }

        scenario.Complete();
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }


    /// <summary>Drops a file from outside the browser onto <paramref name="target"/>, as a drag from the desktop delivers it.</summary>
    private static async Task DropFileAsync(IPage page, ILocator target, string name, string text)
    {
        var transfer = await page.EvaluateHandleAsync(
            """
            ([name, text]) => {
              const transfer = new DataTransfer();
              transfer.items.add(new File([text], name, { type: 'text/plain' }));
              return transfer;
            }
            """,
            new[] { name, text });
        await target.DispatchEventAsync("dragover", new Dictionary<string, object> { ["dataTransfer"] = transfer });
        await target.DispatchEventAsync("drop", new Dictionary<string, object> { ["dataTransfer"] = transfer });
    }
}
