using System.Text.Json;
using Microsoft.Playwright;
using Vibe.FakeProviders;
using static Microsoft.Playwright.Assertions;
using static Vibe.E2E.Tests.Fixtures.TestWorkspaces;

namespace Vibe.E2E.Tests;

/// <summary>
/// The AI chat panel beside the editor, in Chromium, with the fake provider as the installation's model: a person asks,
/// the scripted agent edits the file open in the editor, the edit shows up live in the editor and the tool calls in the
/// panel, and reverting the run puts the original text back in the editor.
/// </summary>
public sealed class AgentPanelTests(AgentPanelApp fixture) : IClassFixture<AgentPanelApp>
{
    private const string FileName = "greeting.txt";

    private VibeApp App => fixture.App;

    [Fact]
    public async Task Asking_the_panel_edits_the_open_file_live_shows_the_tool_calls_and_revert_restores_it()
    {
        await using var scenario = App.Scenario();
        var email = UniqueEmail("asker");
        var user = await App.Api.RegisterAsync(email, Ui.Password, "Ada Asker");
        var workspace = await CreateRunningAsync(user, "agent-panel");
        await user.WriteFileAsync(workspace.Id, FileName, "hello world\nsecond line\n");

        var page = await scenario.OpenPageAsync("asker", 1400, 900);
        await page.SignInAsync(email);
        await page.GotoAsync($"/workspaces/{workspace.Id}");
        await page.FileEntry(FileName).ClickAsync();
        await Expect(EditorText(page)).ToContainTextAsync("hello world");
        await Expect(page.TestId("agent-provider")).ToContainTextAsync("claude-fake");

        fixture.Fake.Enqueue(
            FakeTurn.Text("Let me read it first.").WithToolCall("read_file", JsonSerializer.Serialize(new { path = FileName }), "call-read"),
            FakeTurn.ToolCall("edit_file", JsonSerializer.Serialize(new { path = FileName, old_text = "hello world", new_text = "hello from the agent" }), "call-edit"),
            FakeTurn.Text("I changed the **greeting** in `greeting.txt`."));
        await page.TestId("agent-prompt").FillAsync("Make the greeting friendlier");
        await page.TestId("agent-send").ClickAsync();

        // The edit arrives in the open editor as it happens, and the panel shows the run and its tool calls.
        await Expect(EditorText(page)).ToContainTextAsync("hello from the agent");
        var run = page.TestId("agent-run");
        await Expect(run).ToHaveAttributeAsync("data-status", "completed");
        await Expect(run).ToContainTextAsync("Ada Asker asked");
        await Expect(run).ToContainTextAsync("Make the greeting friendlier");
        await Expect(run.Locator("[data-testid=agent-tool][data-tool-name=read_file]")).ToContainTextAsync(FileName);
        var edit = run.Locator("[data-testid=agent-tool][data-tool-name=edit_file]");
        await Expect(edit).ToHaveAttributeAsync("data-state", "ok");
        await edit.GetByTestId("agent-tool-toggle").ClickAsync();
        await Expect(edit.GetByTestId("agent-tool-diff")).ToContainTextAsync("+hello from the agent");
        await Expect(run.Locator("strong", new LocatorLocatorOptions { HasText = "greeting" })).ToBeVisibleAsync();
        await Expect(run.GetByTestId("agent-tokens")).Not.ToContainTextAsync("0 in · 0 out");

        // The model was sent the read's result: the file as it was.
        var results = fixture.Fake.Requests.SelectMany(r => r.ToolResults()).ToList();
        Assert.Contains(results, r => r.ToolCallId == "call-read" && r.Content.Contains("hello world", StringComparison.Ordinal));

        await run.GetByTestId("agent-revert").ClickAsync();
        await Expect(EditorText(page)).ToContainTextAsync("hello world");
        await Expect(EditorText(page)).Not.ToContainTextAsync("hello from the agent");
        await Expect(run).ToHaveAttributeAsync("data-reverted", "true");
        await Expect(page.TestId("agent-revert-refused")).ToHaveCountAsync(0);
        scenario.Complete();
    }

    [Fact]
    public async Task At_the_daily_token_budget_the_next_ask_is_refused_in_the_panel_saying_when_the_budget_renews()
    {
        await using var scenario = App.Scenario();
        var email = UniqueEmail("spender");
        var user = await App.Api.RegisterAsync(email, Ui.Password, "Sam Spender");
        var workspace = await user.CreateWorkspaceAsync("agent-budget", "blank");

        var page = await scenario.OpenPageAsync("spender", 1400, 900);
        await page.SignInAsync(email);
        await page.GotoAsync($"/workspaces/{workspace.Id}");
        await Expect(page.TestId("agent-provider")).ToContainTextAsync("claude-fake");

        // One run uses the whole day's budget.
        fixture.Fake.Enqueue(FakeTurn.Text("Here is a plan in three steps.").WithUsage(AgentPanelApp.DailyTokenBudget, 200));
        await page.TestId("agent-prompt").FillAsync("Plan the refactoring");
        await page.TestId("agent-send").ClickAsync();
        await Expect(page.TestId("agent-run")).ToHaveAttributeAsync("data-status", "completed");
        var requests = fixture.Fake.Requests.Count;

        await page.TestId("agent-prompt").FillAsync("Now carry it out");
        await page.TestId("agent-send").ClickAsync();

        // The refusal in words the user can act on, without the transport's wrapping; no run, no model request, and the
        // prompt is kept for tomorrow.
        var error = page.TestId("agent-error");
        await Expect(error).ToHaveTextAsync("You have used 1,200 of your 1,000 AI agent tokens for today; the budget renews at midnight UTC.");
        await Expect(page.TestId("agent-run")).ToHaveCountAsync(1);
        await Expect(page.TestId("agent-prompt")).ToHaveValueAsync("Now carry it out");
        Assert.Equal(requests, fixture.Fake.Requests.Count);
        await page.SaveDocsScreenshotAsync("agent-limit");

        await page.SetViewportSizeAsync(390, 844);
        await page.TestId("pane-agent").ClickAsync(); // a phone shows the agent as a pane of its own
        var side = await page.TestId("workspace-side").BoundingBoxAsync();
        Assert.True(side is { } box && box.Y + box.Height >= 840, $"the agent pane fills the phone's screen, but spans {side?.Y}..{side?.Y + side?.Height} of 844 px");
        await error.ScrollIntoViewIfNeededAsync();
        await Expect(error).ToBeInViewportAsync();
        await page.SaveDocsScreenshotAsync("agent-limit-phone");
        scenario.Complete();
    }

    private static ILocator EditorText(IPage page) => page.Locator($"[data-testid=document-editor][data-path='{FileName}'] .cm-content");
}
