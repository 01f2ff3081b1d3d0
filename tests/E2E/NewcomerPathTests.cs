using Microsoft.Playwright;
using Vibe.TestSupport;
using static Microsoft.Playwright.Assertions;
using static Vibe.E2E.Tests.Fixtures.TestWorkspaces;

namespace Vibe.E2E.Tests;

/// <summary>
/// The first hour of a new installation, as two people live it in Chromium: the first visit sets Vibe up; a workspace of a
/// template whose image was never built builds it and runs; a file made in the tree is edited; a file made in the terminal
/// appears in the tree by itself; terminal tabs name who opened them, and a private one stays hers; a second person is
/// invited, finds the invitation on signing in, and both edit one file; the admin closes sign-up.
/// </summary>
public sealed class NewcomerPathTests(NewcomerPathTests.App fixture) : IClassFixture<NewcomerPathTests.App>
{
    private const string AdminEmail = "admin@example.com";

    [Fact]
    public async Task First_run_unbuilt_template_tree_and_terminal_invitation_two_editors_sign_up_closed()
    {
        var app = fixture.Templates.App;
        var template = fixture.Templates.Templates[0];
        await using var scenario = app.Scenario();

        // The first visit creates the installation's admin and signs her in.
        var ada = await scenario.OpenPageAsync("ada");
        await ada.GotoAsync("/");
        await Expect(ada.TestId("setup-form")).ToBeVisibleAsync();
        await ada.TestId("auth-display-name").FillAsync("Ada Admin");
        await ada.TestId("auth-email").FillAsync(AdminEmail);
        await ada.TestId("auth-password").FillAsync(Ui.Password);
        await ada.TestId("auth-submit").ClickAsync();
        await Expect(ada.TestId("nav-account")).ToContainTextAsync("Ada Admin");

        // A workspace of a template never built here: the dialog shows the image being built, then Running.
        await ada.TestId("create-workspace").ClickAsync();
        await ada.TestId("create-name").FillAsync("first-hour");
        await ada.TestId("create-template").SelectOptionAsync(template);
        await ada.TestId("create-submit").ClickAsync();
        await Expect(ada.TestId("create-build")).ToContainTextAsync($"Building the {template} template image", new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });
        await Expect(ada.TestId("create-progress")).ToHaveAttributeAsync("data-status", "running", Ui.ContainerTimeout);
        await ada.TestId("create-open").ClickAsync();
        var workspacePage = ada.TestId("workspace-page");
        await Expect(workspacePage).ToHaveAttributeAsync("data-status", "running");
        var workspaceId = await workspacePage.GetAttributeAsync("data-workspace-id") ?? throw new InvalidOperationException("The workspace page names no workspace.");

        // A new file from the tree opens in the editor, and what she types is stored.
        await ada.TestId("file-new").ClickAsync();
        await ada.TestId("file-name-input").FillAsync("notes.md");
        await ada.Keyboard.PressAsync("Enter");
        await Expect(ada.FileEntry("notes.md")).ToBeVisibleAsync();
        await Expect(Editor(ada)).ToHaveAttributeAsync("data-phase", "open");
        await Editor(ada).GetByTestId("editor-content").ClickAsync();
        await ada.Keyboard.TypeAsync("ada was here");
        await Expect(Editor(ada).GetByTestId("editor-content")).ToHaveTextAsync("ada was here");

        // A file made in the terminal appears in the tree without a click.
        await ada.TestId("terminal-open-first").ClickAsync();
        await ada.ExpectShellPromptAsync();
        await ada.TypeCommandAsync("echo hello > made-in-terminal.txt");
        await Expect(ada.FileEntry("made-in-terminal.txt")).ToBeVisibleAsync();

        // Bob signs up (this installation lets anyone) and is not in any team yet.
        var bobEmail = UniqueEmail("bob");
        var signUp = await scenario.OpenPageAsync("bob-signs-up");
        await signUp.GotoAsync("/signup");
        await signUp.TestId("auth-display-name").FillAsync("Bob Builder");
        await signUp.TestId("auth-email").FillAsync(bobEmail);
        await signUp.TestId("auth-password").FillAsync(Ui.Password);
        await signUp.TestId("auth-submit").ClickAsync();
        await Expect(signUp.TestId("nav-account")).ToContainTextAsync("Bob Builder");

        // Ada makes a team, invites Bob, and moves the workspace into the team.
        await ada.TestId("nav-teams").ClickAsync();
        await ada.TestId("team-name").FillAsync("First Hour");
        await ada.TestId("team-create").ClickAsync();
        await Expect(ada.TestId("team-page")).ToBeVisibleAsync();
        await ada.TestId("invite-email").FillAsync(bobEmail);
        await ada.TestId("invite-submit").ClickAsync();
        await Expect(ada.TestId("invite-link-box")).ToBeVisibleAsync();
        await ada.GotoAsync($"/workspaces/{workspaceId}");
        await ada.TestId("workspace-settings").ClickAsync();
        var settings = ada.TestId("workspace-settings-dialog");
        await settings.GetByTestId("workspace-team").SelectOptionAsync(new SelectOptionValue { Label = "Team First Hour" });
        await settings.GetByTestId("workspace-settings-save").ClickAsync();
        await Expect(settings).ToHaveCountAsync(0);

        // Terminal tabs name who opened them; Ada also opens a private one.
        await Expect(ada.TestId("terminal-tab").First).ToContainTextAsync("Ada Admin");
        await ada.TestId("terminal-open-private").ClickAsync();
        await Expect(ada.Locator("[data-testid=terminal-tab][data-private=true]")).ToContainTextAsync("Ada Admin");
        await ada.SaveDocsScreenshotAsync("terminal-tabs");

        // Bob signs in elsewhere and finds the invitation on his Teams page, without the link.
        var bob = await scenario.OpenPageAsync("bob");
        await bob.SignInAsync(bobEmail);
        await bob.TestId("nav-teams").ClickAsync();
        var invitation = bob.Locator("[data-testid=my-invitation][data-team-name='First Hour']");
        await Expect(invitation).ToContainTextAsync("Ada Admin invited you");
        await invitation.GetByTestId("my-invitation-accept").ClickAsync();

        // Both edit notes.md: each sees the other's words.
        await Expect(ada.FileEntry("notes.md")).ToBeVisibleAsync();
        await ada.FileEntry("notes.md").ClickAsync();
        await Expect(Editor(ada)).ToHaveAttributeAsync("data-phase", "open");
        await bob.GotoAsync($"/workspaces/{workspaceId}");
        await bob.FileEntry("notes.md").ClickAsync();
        await Expect(Editor(bob)).ToHaveAttributeAsync("data-can-edit", "true");
        await Expect(bob.TestId("terminal-tab")).ToContainTextAsync("Ada Admin");
        await Expect(bob.Locator("[data-testid=terminal-tab][data-private=true]")).ToHaveCountAsync(0);
        await Expect(Editor(bob).GetByTestId("editor-content")).ToContainTextAsync("ada was here");
        await Editor(bob).GetByTestId("editor-content").ClickAsync();
        await bob.Keyboard.PressAsync("ControlOrMeta+End");
        await bob.Keyboard.TypeAsync(", and bob");
        await Expect(Editor(ada).GetByTestId("editor-content")).ToContainTextAsync("ada was here, and bob");
        await Editor(ada).GetByTestId("editor-content").ClickAsync();
        await ada.Keyboard.PressAsync("ControlOrMeta+End");
        await ada.Keyboard.TypeAsync(" too");
        await Expect(Editor(bob).GetByTestId("editor-content")).ToContainTextAsync("ada was here, and bob too");
        var adaApi = await app.Api.LoginAsync(AdminEmail, Ui.Password);
        await Eventually.Until(
            async () => await adaApi.ReadFileAsync(workspaceId, "notes.md") == "ada was here, and bob too",
            "both people's words in notes.md on disk",
            TimeSpan.FromSeconds(30));

        // Ada closes sign-up: the sign-in page stops offering it.
        await ada.TestId("nav-admin").ClickAsync();
        await ada.TestId("admin-tab-settings").ClickAsync();
        await ada.TestId("signup-policy-closed").CheckAsync();
        await Expect(ada.TestId("signup-policy-closed")).ToBeCheckedAsync();
        var visitor = await scenario.OpenPageAsync("visitor");
        await visitor.GotoAsync("/login");
        await Expect(visitor.TestId("signup-closed")).ToContainTextAsync("Ask the administrator for an invitation");
        await Expect(visitor.TestId("link-signup")).ToHaveCountAsync(0);
        scenario.Complete();
    }

    private static ILocator Editor(IPage page) => page.Locator("[data-testid=document-editor][data-path='notes.md']");

    /// <summary>A fresh installation (no admin yet) with open sign-up and templates whose images were never built.</summary>
    public sealed class App : IAsyncLifetime
    {
        public TemplateBuildApp Templates { get; } = new();

        public Task InitializeAsync()
        {
            Templates.App.ExtraSettings["Vibe:Auth:SignUp"] = "Open";
            return Templates.InitializeAsync();
        }

        public Task DisposeAsync() => Templates.DisposeAsync();
    }
}
